package io.tidewatch.registry;

/**
 * The registry answered, and the answer was an error ({@code error_code} and {@code message} as in
 * Confluent's API) or could not be understood. Not retried: asking again gets the same answer.
 */
public class RegistryErrorException extends SchemaRegistryException {

    /** Error code of an answer that is not the registry's JSON at all. */
    public static final int MALFORMED = -1;

    private final int status;
    private final int errorCode;

    public RegistryErrorException(final int status, final int errorCode, final String message) {
        super(message);
        this.status = status;
        this.errorCode = errorCode;
    }

    public RegistryErrorException(final RegistryError error, final String message) {
        this(error.status(), error.code(), message);
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public boolean is(final RegistryError error) {
        return errorCode == error.code();
    }
}
