package io.tidewatch.registry;

import java.util.List;
import java.util.UUID;
import org.apache.avro.Schema;

/**
 * The operations of a Confluent-compatible schema registry that tidewatch uses. Errors the
 * registry answers are {@link RegistryErrorException}s; no answer at all is
 * {@link RegistryUnavailableException}; an id no record should carry is {@link UnknownSchemaException}.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The version of {@code subject} that is {@code schema}; 40401 or 40403 when there is none. */
    RegisteredSchema lookup(String subject, Schema schema);

    /** The latest version of {@code subject}; 40401 when the subject does not exist. */
    RegisteredSchema latest(String subject);

    /** The schema with global id {@code id}; {@link UnknownSchemaException} if there is none. */
    Schema schemaById(int id);

    /** The schema with this GUID (Confluent Schema Registry 8.0 and later); {@link UnknownSchemaException} if there is none. */
    Schema schemaByGuid(UUID guid);

    /** The GUID of the schema with global id {@code id}, for writers that name schemas in headers. */
    UUID guid(int id);

    /** Why {@code schema} may not be registered next under {@code subject}, at its compatibility level; empty when it may. */
    List<String> incompatibilities(String subject, Schema schema);
}
