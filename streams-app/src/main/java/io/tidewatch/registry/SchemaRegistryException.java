package io.tidewatch.registry;

/**
 * Trouble with the schema registry itself. Deliberately not a Kafka {@code SerializationException}:
 * the topology dead-letters records whose bytes are bad, and registry trouble is never the record's
 * fault, so it must fail (and be retried) instead of draining good records into the dead-letter topic.
 */
public class SchemaRegistryException extends RuntimeException {

    public SchemaRegistryException(final String message) {
        super(message);
    }

    public SchemaRegistryException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
