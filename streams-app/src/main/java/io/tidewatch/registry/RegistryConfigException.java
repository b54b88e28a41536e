package io.tidewatch.registry;

/** A registry setting that cannot be used; the message names the key and what it expects. */
public final class RegistryConfigException extends IllegalArgumentException {

    public RegistryConfigException(final String message) {
        super(message);
    }

    public RegistryConfigException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
