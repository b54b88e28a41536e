package io.tidewatch.registry;

import org.apache.avro.Schema;

/**
 * The part of a Confluent-compatible schema registry that the serdes need: ids for writer
 * schemas, and writer schemas for ids.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The schema with global id {@code id}; throws {@link UnknownSchemaException} if there is none. */
    Schema schemaById(int id);

    /** Thrown when a record names a schema id the registry does not know: the record is bad, not the registry. */
    final class UnknownSchemaException extends RuntimeException {
        public UnknownSchemaException(final int id) {
            super("schema id " + id + " is not registered");
        }
    }
}
