package io.tidewatch.registry;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Where a serde writes the writer schema's identity, as Confluent's {@code value.schema.id.serializer}
 * names it: before the Avro bytes (the schema's 4-byte id, Confluent's default), or in the
 * {@code __value_schema_id} record header (the schema's GUID) with nothing before the Avro bytes.
 */
public enum SchemaIdForm {
    PREFIX("io.confluent.kafka.serializers.schema.id.PrefixSchemaIdSerializer"),
    HEADER("io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer");

    private final String confluentClass;

    SchemaIdForm(final String confluentClass) {
        this.confluentClass = confluentClass;
    }

    /** The Confluent class name that selects this form. */
    public String confluentClass() {
        return confluentClass;
    }

    /** Confluent's class name, or its simple name. */
    static SchemaIdForm parse(final String value) {
        return Arrays.stream(values()).filter(f -> f.confluentClass.equals(value) || simpleName(f.confluentClass).equals(value)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("expected one of " + Arrays.stream(values())
                        .map(SchemaIdForm::confluentClass).collect(Collectors.joining(", "))));
    }

    static String simpleName(final String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
