package io.tidewatch.concept;

/** A concept catalog that cannot be used; the message names the file, the line where known, and the key. */
public final class CatalogFormatException extends RuntimeException {

    public CatalogFormatException(final String message) {
        super(message);
    }

    public CatalogFormatException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
