package io.tidewatch.registry;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.Encoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Specific-record Avro serde in the Confluent wire format. The writer schema is named either before
 * the Avro binary (magic byte 0 and a 4-byte big-endian schema id, or magic byte 1 and a 16-byte
 * GUID) or in the record's {@code __value_schema_id} header, with nothing before the Avro binary
 * ({@link WireSchemaId}). Readers decide as Confluent's DualSchemaIdDeserializer does: the last
 * such header if there is one, else the prefix. Writers write the prefix with the id, or the header
 * with the GUID, as {@link SerdeSettings} say; readers resolve the writer's schema against this
 * class's, so producers on a newer compatible schema are read fine.
 *
 * <p>Bytes that are not this wire format, or name a schema that cannot be read as {@code T}, throw
 * {@link SerializationException} (a bad record). Registry trouble throws {@link SchemaRegistryException},
 * which is not one: the record is fine and must be retried, not dead-lettered.
 */
public final class AvroWireSerde<T extends SpecificRecord> implements Serde<T> {

    /** The header Confluent's serializers write a value's schema GUID into. */
    public static final String VALUE_SCHEMA_ID_HEADER = "__value_schema_id";
    private static final Set<String> TRUSTED_PACKAGES = new HashSet<>();

    private final SchemaRegistry registry;
    private final SerdeSettings settings;
    private final Schema readerSchema;
    private final BodyEncoder<T> body;
    private final Map<String, WireSchemaId> idsByTopic = new ConcurrentHashMap<>();
    private final Map<WireSchemaId, SpecificDatumReader<T>> readersById = new ConcurrentHashMap<>();
    /** The largest record written so far: a scored turn is about 2 KB, and growing a buffer to it copied it four times. */
    private volatile int largestRecord = 256;

    AvroWireSerde(final SchemaRegistry registry, final SerdeSettings settings, final Class<T> type) {
        trustPackageOf(type);
        this.registry = registry;
        this.settings = settings;
        this.readerSchema = SpecificData.get().getSchema(type);
        this.body = new SpecificDatumWriter<T>(readerSchema)::write;
    }

    private AvroWireSerde(final AvroWireSerde<T> base, final BodyEncoder<T> body) {
        this.registry = base.registry;
        this.settings = base.settings;
        this.readerSchema = base.readerSchema;
        this.body = body;
    }

    /**
     * Writes the Avro binary of one record, as {@link SpecificDatumWriter} would for this type's
     * schema: the schema id the serde writes says how the bytes are read.
     */
    @FunctionalInterface
    public interface BodyEncoder<T> {
        void encode(T value, Encoder encoder) throws IOException;
    }

    /**
     * The same serde, writing records with {@code body} instead of walking the schema: for a
     * record type written once per reply, where the walk costs more than the bytes. It must write
     * exactly the bytes the schema walk writes (a test of the encoder's own checks that).
     */
    public AvroWireSerde<T> encodingWith(final BodyEncoder<T> body) {
        return new AvroWireSerde<>(this, body);
    }

    /**
     * Avro 1.12 only instantiates classes it trusts; the generated records of this type's package
     * (the type and the records nested in it) are ours, so trust them.
     */
    public static synchronized void trustPackageOf(final Class<?> type) {
        if (TRUSTED_PACKAGES.add(type.getPackageName())) {
            final ClassSecurityValidator.ClassSecurityPredicate previous = ClassSecurityValidator.getGlobal();
            final String pkg = type.getPackageName();
            ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(previous, c -> c.getPackageName().equals(pkg)));
        }
    }

    @Override
    public Serializer<T> serializer() {
        return new Serializer<>() {
            @Override
            public byte[] serialize(final String topic, final T value) {
                return AvroWireSerde.this.serialize(topic, value);
            }

            @Override
            public byte[] serialize(final String topic, final Headers headers, final T value) {
                return AvroWireSerde.this.serialize(topic, headers, value);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        return new Deserializer<>() {
            @Override
            public T deserialize(final String topic, final byte[] data) {
                return AvroWireSerde.this.deserialize(topic, data);
            }

            @Override
            public T deserialize(final String topic, final Headers headers, final byte[] data) {
                return AvroWireSerde.this.deserialize(topic, headers, data);
            }
        };
    }

    /** {@code value} without headers: in the prefix form only (the header form throws). */
    public byte[] serialize(final String topic, final T value) {
        return serialize(topic, null, value);
    }

    /**
     * {@code value} in the form the settings choose; for the header form its GUID goes into
     * {@code headers}. The prefix form removes any {@code __value_schema_id} header, since Confluent's
     * readers would take it over the prefix.
     */
    public byte[] serialize(final String topic, final Headers headers, final T value) {
        if (value == null) {
            return null;
        }
        final WireSchemaId id = writerId(topic);
        final RecordBuffer out = new RecordBuffer(largestRecord);
        if (settings.valueIdForm() == SchemaIdForm.HEADER) {
            if (headers == null) {
                throw new SerializationException(RegistryConfig.VALUE_SCHEMA_ID_SERIALIZER + " = " + SchemaIdForm.HEADER.confluentClass()
                        + " writes the schema's GUID in a record header, but no headers were given for a record of topic " + topic);
            }
            headers.remove(VALUE_SCHEMA_ID_HEADER);
            headers.add(VALUE_SCHEMA_ID_HEADER, id.bytes());
        } else {
            if (headers != null) {
                headers.remove(VALUE_SCHEMA_ID_HEADER);
            }
            out.write(id.bytes(), 0, id.size());
        }
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            body.encode(value, encoder);
            encoder.flush();
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot encode " + readerSchema.getName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        if (out.size() > largestRecord) {
            largestRecord = out.size();
        }
        return out.toByteArray();
    }

    /** A value that names its schema itself, in the prefix. */
    public T deserialize(final String topic, final byte[] data) {
        return deserialize(topic, null, data);
    }

    public T deserialize(final String topic, final Headers headers, final byte[] data) {
        if (data == null) {
            return null;
        }
        final byte[] header = schemaIdHeader(headers);
        final WireSchemaId id;
        final int offset;
        if (header != null) {
            id = WireSchemaId.read(header, "malformed " + VALUE_SCHEMA_ID_HEADER + " header");
            if (header.length != id.size()) {
                throw new SerializationException("malformed " + VALUE_SCHEMA_ID_HEADER + " header: " + header.length + " bytes, where "
                        + id + " takes " + id.size());
            }
            offset = 0;
        } else {
            id = WireSchemaId.read(data, "not Confluent wire format");
            offset = id.size();
        }
        final SpecificDatumReader<T> reader = readerFor(id);
        final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, offset, data.length - offset, null);
        final T value;
        try {
            value = reader.read(null, decoder);
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("cannot decode " + readerSchema.getName() + " with " + id + ": " + e, e);
        }
        if (!isEnd(decoder)) {
            throw new SerializationException("trailing bytes after " + readerSchema.getName() + " (" + id + ")");
        }
        return value;
    }

    /**
     * {@code data} with the schema id of its header, if it has one, put before it: a value that reads
     * without its headers, in Confluent's prefix form, for stores that keep values only. Call it on
     * records that {@link #deserialize(String, Headers, byte[])} read.
     */
    public byte[] withSchemaIdPrefix(final Headers headers, final byte[] data) {
        final byte[] header = schemaIdHeader(headers);
        if (header == null || data == null) {
            return data;
        }
        final byte[] prefixed = Arrays.copyOf(header, header.length + data.length);
        System.arraycopy(data, 0, prefixed, header.length, data.length);
        return prefixed;
    }

    /** The last {@code __value_schema_id} header's bytes, when ids are read from headers; null when there is none. */
    private byte[] schemaIdHeader(final Headers headers) {
        if (!settings.idsFromHeaders() || headers == null) {
            return null;
        }
        final Header header = headers.lastHeader(VALUE_SCHEMA_ID_HEADER);
        return header == null ? null : header.value() == null ? new byte[0] : header.value();
    }

    private static boolean isEnd(final BinaryDecoder decoder) {
        try {
            return decoder.isEnd();
        } catch (final IOException e) {
            throw new SerializationException("cannot read past the record", e);
        }
    }

    /** The id this serde writes for {@code topic} (a GUID for the header form), found once per topic. */
    private WireSchemaId writerId(final String topic) {
        final WireSchemaId known = idsByTopic.get(topic);
        if (known != null) {
            return known;
        }
        final String subject = settings.valueSubjects().valueSubject(topic, readerSchema);
        final int id = settings.useLatestVersion() ? latestId(subject) : settings.autoRegister() ? registeredId(subject) : lookedUpId(subject);
        final WireSchemaId written = settings.valueIdForm() == SchemaIdForm.HEADER ? WireSchemaId.ofGuid(registry.guid(id)) : WireSchemaId.ofId(id);
        idsByTopic.put(topic, written);
        return written;
    }

    private int registeredId(final String subject) {
        try {
            return registry.register(subject, readerSchema);
        } catch (final RegistryErrorException e) {
            if (!e.is(RegistryError.INCOMPATIBLE_SCHEMA)) {
                throw e;
            }
            // The 409 answer rarely says why; the compatibility endpoint does.
            final List<String> reasons = registry.incompatibilities(subject, readerSchema);
            throw new RegistryErrorException(e.status(), e.errorCode(), "the registry refused " + readerSchema.getFullName()
                    + " under subject '" + subject + "' as incompatible with the subject's earlier versions: " + reasons);
        }
    }

    private int lookedUpId(final String subject) {
        try {
            return registry.lookup(subject, readerSchema).id();
        } catch (final RegistryErrorException e) {
            if (!e.is(RegistryError.SUBJECT_NOT_FOUND) && !e.is(RegistryError.SCHEMA_NOT_FOUND)) {
                throw e;
            }
            throw new SchemaRegistryException(readerSchema.getFullName() + " is not registered under subject '" + subject
                    + "' and auto.register.schemas=false: register it first (" + e.getMessage() + ")", e);
        }
    }

    /**
     * With {@code use.latest.version} the latest version's id is written, so that version must
     * encode records exactly as this class does: same parsing canonical form (docs and defaults may differ).
     */
    private int latestId(final String subject) {
        final RegisteredSchema latest = registry.latest(subject);
        if (SchemaNormalization.parsingFingerprint64(latest.schema()) != SchemaNormalization.parsingFingerprint64(readerSchema)) {
            throw new SchemaRegistryException("use.latest.version=true, but version " + latest.version() + " (id " + latest.id()
                    + ") of subject '" + subject + "' does not encode " + readerSchema.getFullName() + " as tidewatch's schema does");
        }
        return latest.id();
    }

    private SpecificDatumReader<T> readerFor(final WireSchemaId id) {
        final SpecificDatumReader<T> known = readersById.get(id);
        if (known != null) {
            return known;
        }
        final Schema writerSchema;
        try {
            writerSchema = id.guid() == null ? registry.schemaById(id.id()) : registry.schemaByGuid(id.guid());
        } catch (final UnknownSchemaException e) {
            throw new SerializationException(e.getMessage(), e);
        }
        final List<String> problems = Compatibility.problems(readerSchema, writerSchema).toList();
        if (!problems.isEmpty()) {
            throw new SerializationException("records written with " + id + " (" + writerSchema.getFullName()
                    + ") cannot be read as " + readerSchema.getFullName() + ": " + problems);
        }
        final SpecificDatumReader<T> reader = new SpecificDatumReader<>(writerSchema, readerSchema);
        readersById.put(id, reader);
        return reader;
    }

    /**
     * The bytes of one record: an output stream without {@link java.io.ByteArrayOutputStream}'s
     * locking, which the encoder paid for on every field it wrote.
     */
    private static final class RecordBuffer extends OutputStream {
        private byte[] bytes;
        private int size;

        RecordBuffer(final int capacity) {
            bytes = new byte[capacity];
        }

        @Override
        public void write(final int b) {
            if (size == bytes.length) {
                grow(1);
            }
            bytes[size++] = (byte) b;
        }

        @Override
        public void write(final byte[] b, final int off, final int len) {
            if (size + len > bytes.length) {
                grow(len);
            }
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        private void grow(final int more) {
            bytes = Arrays.copyOf(bytes, Math.max(2 * bytes.length, size + more));
        }

        int size() {
            return size;
        }

        byte[] toByteArray() {
            return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
        }
    }
}
