package io.tidewatch.registry;

/**
 * A record names a schema id that the registry does not know (40403), or whose schema is not Avro.
 * This one is the record's fault: the serde turns it into a bad record.
 */
public final class UnknownSchemaException extends SchemaRegistryException {

    private final int id;

    public UnknownSchemaException(final int id, final String reason) {
        super("schema id " + id + " " + reason);
        this.id = id;
    }

    public int id() {
        return id;
    }
}
