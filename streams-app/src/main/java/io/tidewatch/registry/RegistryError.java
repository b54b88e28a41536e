package io.tidewatch.registry;

/** The error codes of the Confluent Schema Registry API that tidewatch acts on, with their HTTP status. */
public enum RegistryError {
    SUBJECT_NOT_FOUND(404, 40401),
    VERSION_NOT_FOUND(404, 40402),
    SCHEMA_NOT_FOUND(404, 40403),
    SUBJECT_COMPATIBILITY_NOT_CONFIGURED(404, 40408),
    INCOMPATIBLE_SCHEMA(409, 409),
    INVALID_SCHEMA(422, 42201),
    INVALID_VERSION(422, 42202),
    INVALID_COMPATIBILITY_LEVEL(422, 42203);

    private final int status;
    private final int code;

    RegistryError(final int status, final int code) {
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public int code() {
        return code;
    }
}
