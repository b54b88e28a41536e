package io.tidewatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * One JSON object per record, with the Avro field names: timestamps as ISO-8601 strings, enums
 * as their symbol, optional fields as plain values or null (not Avro's union wrapping).
 */
public final class RecordJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RecordJson() {
    }

    public static String line(final GenericRecord record) {
        try {
            return JSON.writeValueAsString(toJson(record));
        } catch (final com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + record.getSchema().getName() + " as JSON", e);
        }
    }

    public static ObjectNode toJson(final GenericRecord record) {
        final ObjectNode node = NODES.objectNode();
        for (final Schema.Field field : record.getSchema().getFields()) {
            node.set(field.name(), value(record.get(field.pos())));
        }
        return node;
    }

    private static JsonNode value(final Object value) {
        if (value == null) {
            return NODES.nullNode();
        } else if (value instanceof GenericRecord r) {
            return toJson(r);
        } else if (value instanceof Map<?, ?> map) {
            final ObjectNode node = NODES.objectNode();
            map.forEach((k, v) -> node.set(k.toString(), value(v)));
            return node;
        } else if (value instanceof Collection<?> items) {
            final ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(value(item)));
            return array;
        } else if (value instanceof Instant instant) {
            return NODES.textNode(instant.toString());
        } else if (value instanceof Double d) {
            return NODES.numberNode(d);
        } else if (value instanceof Float f) {
            return NODES.numberNode(f);
        } else if (value instanceof Long l) {
            return NODES.numberNode(l);
        } else if (value instanceof Integer i) {
            return NODES.numberNode(i);
        } else if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        return NODES.textNode(value.toString());
    }
}
