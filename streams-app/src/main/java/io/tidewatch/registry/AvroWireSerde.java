package io.tidewatch.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Specific-record Avro serde in the Confluent wire format: magic byte 0, a 4-byte big-endian
 * schema id, then Avro binary. Writers register under {@code <topic>-value} (TopicNameStrategy);
 * readers resolve the writer's schema against this class's, so producers on a newer compatible
 * schema are read fine.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    private static final byte MAGIC = 0;
    private static final int HEADER_BYTES = 5;
    private static final Set<String> TRUSTED_PACKAGES = new HashSet<>();

    private final SchemaRegistry registry;
    private final Schema readerSchema;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final Map<Integer, SpecificDatumReader<T>> readersById = new ConcurrentHashMap<>();
    private final SpecificDatumWriter<T> writer;

    public AvroWireSerde(final SchemaRegistry registry, final Class<T> type) {
        trustPackageOf(type);
        this.registry = registry;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.writer = new SpecificDatumWriter<>(readerSchema);
    }

    /**
     * Avro 1.12 only instantiates classes it trusts; the generated records of this type's package
     * (the type and the records nested in it) are ours, so trust them.
     */
    private static synchronized void trustPackageOf(final Class<?> type) {
        if (TRUSTED_PACKAGES.add(type.getPackageName())) {
            final ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
            final String pkg = type.getPackageName();
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, c -> c.getPackageName().equals(pkg)));
        }
    }

    @Override
    public Serializer<T> serializer() {
        return this::serialize;
    }

    @Override
    public Deserializer<T> deserializer() {
        return this::deserialize;
    }

    public byte[] serialize(final String topic, final T value) {
        if (value == null) {
            return null;
        }
        final int id = idsByTopic.computeIfAbsent(topic, t -> registry.register(t + "-value", readerSchema));
        final ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        out.write(MAGIC);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            writer.write(value, encoder);
            encoder.flush();
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + readerSchema.getName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    /**
     * Decodes one record. Bytes that are not this wire format or not this schema throw
     * {@link SerializationException}; an unreachable registry throws its own exception instead,
     * because that is not the record's fault.
     */
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (data.length < HEADER_BYTES || data[0] != MAGIC) {
            throw new SerializationException("not Confluent wire format: "
                    + (data.length < HEADER_BYTES ? data.length + " bytes" : "magic byte " + data[0]));
        }
        final int id = ByteBuffer.wrap(data, 1, 4).getInt();
        final SpecificDatumReader<T> reader;
        try {
            reader = readersById.computeIfAbsent(id, i -> new SpecificDatumReader<>(registry.schemaById(i), readerSchema));
        } catch (final SchemaRegistry.UnknownSchemaException e) {
            throw new SerializationException(e.getMessage(), e);
        }
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, HEADER_BYTES, data.length - HEADER_BYTES, null);
        try {
            final T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new SerializationException("trailing bytes after " + readerSchema.getName() + " (schema id " + id + ")");
            }
            return value;
        } catch (final IOException | RuntimeException e) {
            if (e instanceof SerializationException se) {
                throw se;
            }
            throw new SerializationException("cannot decode " + readerSchema.getName() + " with schema id " + id + ": " + e, e);
        }
    }
}
