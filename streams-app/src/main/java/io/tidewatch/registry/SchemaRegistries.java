package io.tidewatch.registry;

/** Picks the registry implementation from the {@code schema.registry.url} setting. */
public final class SchemaRegistries {

    public static final String MOCK_SCHEME = "mock://";

    private SchemaRegistries() {
    }

    public static SchemaRegistry forUrl(final String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("schema.registry.url is not set; use mock://NAME for an in-memory registry");
        }
        if (url.startsWith(MOCK_SCHEME)) {
            return InMemorySchemaRegistry.named(url.substring(MOCK_SCHEME.length()));
        }
        if (url.startsWith("http://") || url.startsWith("https://")) {
            return new RestSchemaRegistry(url);
        }
        throw new IllegalArgumentException("schema.registry.url '" + url + "' must start with http://, https:// or mock://");
    }
}
