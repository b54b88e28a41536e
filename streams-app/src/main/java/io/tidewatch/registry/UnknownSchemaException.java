package io.tidewatch.registry;

/**
 * A record names a schema (by id or GUID) that the registry does not know (40403), or whose schema
 * is not Avro. This one is the record's fault: the serde turns it into a bad record.
 */
public final class UnknownSchemaException extends SchemaRegistryException {

    private final WireSchemaId schema;

    public UnknownSchemaException(final WireSchemaId schema, final String reason) {
        super(schema + " " + reason);
        this.schema = schema;
    }

    public WireSchemaId schema() {
        return schema;
    }
}
