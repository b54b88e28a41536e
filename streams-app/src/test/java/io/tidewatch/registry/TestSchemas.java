package io.tidewatch.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidewatch.avro.ConversationTurn;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/** Variants of ConversationTurn as other producers might write it, and an encoder independent of the serde. */
final class TestSchemas {

    static final Schema TURN = ConversationTurn.getClassSchema();
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestSchemas() {
    }

    /** A producer one release ahead: an added optional field. Backward compatible. */
    static Schema turnWithOptionalSentiment() {
        return editFields(fields -> fields.addObject().put("name", "sentiment").putNull("default")
                .set("type", JSON.createArrayNode().add("null").add("string")));
    }

    /** An added field without a default: a new reader cannot read old data. */
    static Schema turnWithRequiredScore() {
        return editFields(fields -> fields.addObject().put("name", "score").put("type", "double"));
    }

    /** A writer without {@code field}: an older producer for an optional field, an unreadable one for a required field. */
    static Schema turnWithout(final String field) {
        return editFields(fields -> fields.remove(indexOf(fields, field)));
    }

    static ConversationTurn turn(final String id, final String response) {
        return ConversationTurn.newBuilder().setConversationId(id).setTurn(0).setTimestamp(Instant.parse("2026-01-01T00:00:00Z"))
                .setModel("m").setResponse(response).setAttributes(Map.of()).build();
    }

    /** A generic record of {@code schema} with {@code turn}'s values, and nulls or defaults elsewhere. */
    static GenericRecord asWriter(final Schema schema, final ConversationTurn turn) {
        final GenericRecord record = new GenericData.Record(schema);
        for (final Schema.Field field : schema.getFields()) {
            final Schema.Field ours = TURN.getField(field.name());
            record.put(field.name(), ours == null ? GenericData.get().getDefaultValue(field) : turn.get(ours.pos()));
        }
        record.put("timestamp", turn.getTimestamp().toEpochMilli());
        return record;
    }

    /** Confluent wire format written by hand: magic 0, big-endian id, Avro binary. */
    static byte[] wire(final int id, final GenericRecord record) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(ByteBuffer.allocate(4).putInt(id).array());
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
            encoder.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static Schema editFields(final Consumer<ArrayNode> edit) {
        try {
            final ObjectNode schema = (ObjectNode) JSON.readTree(TURN.toString());
            edit.accept((ArrayNode) schema.get("fields"));
            return new Schema.Parser().parse(schema.toString());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int indexOf(final ArrayNode fields, final String name) {
        for (int i = 0; i < fields.size(); i++) {
            if (fields.get(i).get("name").asText().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException(name);
    }
}
