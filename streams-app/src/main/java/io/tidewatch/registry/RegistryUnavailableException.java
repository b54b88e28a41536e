package io.tidewatch.registry;

/** No answer from the registry (connection refused, time-out, 5xx, 429) after every retry: retry later, never drop. */
public final class RegistryUnavailableException extends SchemaRegistryException {

    public RegistryUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
