package io.tidewatch.app;

/** A setting that cannot be used; the message names the source, the line where known, and the key. */
public final class ConfigException extends RuntimeException {

    public ConfigException(final String message) {
        super(message);
    }
}
