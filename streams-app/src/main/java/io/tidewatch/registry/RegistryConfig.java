package io.tidewatch.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Registry settings under the keys Confluent's serializers use, so a producer's or consumer's
 * existing config works unchanged. Read from the same flat map as the Kafka client settings.
 */
public record RegistryConfig(String mockName, List<Endpoint> endpoints, SSLContext ssl, RetryPolicy retry, SerdeSettings serde) {

    public static final String URL = "schema.registry.url";
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String USE_LATEST_VERSION = "use.latest.version";
    public static final String VALUE_SUBJECT_STRATEGY = "value.subject.name.strategy";
    public static final String VALUE_SCHEMA_ID_SERIALIZER = "value.schema.id.serializer";
    public static final String VALUE_SCHEMA_ID_DESERIALIZER = "value.schema.id.deserializer";
    /** Read only to check it: tidewatch's keys are strings, so no key carries a schema id. */
    public static final String KEY_SCHEMA_ID_SERIALIZER = "key.schema.id.serializer";
    static final String DUAL_DESERIALIZER = "io.confluent.kafka.serializers.schema.id.DualSchemaIdDeserializer";
    static final String PREFIX_DESERIALIZER = "io.confluent.kafka.serializers.schema.id.PrefixSchemaIdDeserializer";
    public static final String CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String USER_INFO = "basic.auth.user.info";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String SSL_PREFIX = "schema.registry.ssl.";
    public static final String MOCK_SCHEME = "mock://";

    /** One registry base URL and the Authorization header to send it, if any. */
    public record Endpoint(URI base, String authorization) {
    }

    public static RegistryConfig parse(final Map<?, ?> config) {
        final Settings settings = new Settings(config);
        final String url = settings.required(URL);
        settings.parsed(KEY_SCHEMA_ID_SERIALIZER, SchemaIdForm.PREFIX.confluentClass(), SchemaIdForm::parse);
        final SerdeSettings serde = new SerdeSettings(
                settings.parsed(VALUE_SUBJECT_STRATEGY, "TopicNameStrategy", SubjectNameStrategy::parse),
                settings.bool(AUTO_REGISTER, true), settings.bool(USE_LATEST_VERSION, false),
                settings.parsed(VALUE_SCHEMA_ID_SERIALIZER, SchemaIdForm.PREFIX.confluentClass(), SchemaIdForm::parse),
                settings.parsed(VALUE_SCHEMA_ID_DESERIALIZER, DUAL_DESERIALIZER, RegistryConfig::readsHeaders));
        if (url.startsWith(MOCK_SCHEME)) {
            return new RegistryConfig(mockName(url), List.of(), null, null, serde);
        }
        return new RegistryConfig(null, endpoints(url, settings), sslContext(settings), retryPolicy(settings), serde);
    }

    /** The client these settings describe: in memory for {@code mock://NAME}, else the REST client. */
    public SchemaRegistry client() {
        return mockName != null ? InMemorySchemaRegistry.named(mockName) : new RestSchemaRegistry(this);
    }

    /** Whether the Confluent deserializer named reads schema ids from headers: the dual one does, the prefix one does not. */
    private static boolean readsHeaders(final String deserializer) {
        if (DUAL_DESERIALIZER.equals(deserializer) || SchemaIdForm.simpleName(DUAL_DESERIALIZER).equals(deserializer)) {
            return true;
        }
        if (PREFIX_DESERIALIZER.equals(deserializer) || SchemaIdForm.simpleName(PREFIX_DESERIALIZER).equals(deserializer)) {
            return false;
        }
        throw new IllegalArgumentException("expected " + DUAL_DESERIALIZER + " or " + PREFIX_DESERIALIZER);
    }

    /** Confluent's defaults: 3 retries, waiting 1 s, then 2 s, ... at most 20 s. */
    private static RetryPolicy retryPolicy(final Settings settings) {
        final long retries = settings.integer(MAX_RETRIES, "3");
        final long wait = settings.integer(RETRIES_WAIT_MS, "1000");
        final long maxWait = settings.integer(RETRIES_MAX_WAIT_MS, "20000");
        try {
            return new RetryPolicy((int) Math.min(retries, Integer.MAX_VALUE), Duration.ofMillis(wait), Duration.ofMillis(maxWait));
        } catch (final IllegalArgumentException e) {
            throw new RegistryConfigException(MAX_RETRIES + ", " + RETRIES_WAIT_MS + ", " + RETRIES_MAX_WAIT_MS + ": " + e.getMessage(), e);
        }
    }

    private static String mockName(final String url) {
        final String name = url.substring(MOCK_SCHEME.length());
        if (name.isBlank() || name.contains(",")) {
            throw new RegistryConfigException(URL + " = '" + url + "': a mock registry is one name, e.g. mock://demo");
        }
        return name;
    }

    private static List<Endpoint> endpoints(final String urls, final Settings settings) {
        final String source = settings.value(CREDENTIALS_SOURCE, "URL").toUpperCase(Locale.ROOT);
        final String userInfo = settings.value(USER_INFO, "");
        return Arrays.stream(urls.split(",")).map(String::strip).filter(u -> !u.isEmpty()).map(u -> {
            final URI uri = uri(u);
            return new Endpoint(withoutUserInfo(uri), authorization(source, uri.getRawUserInfo(), userInfo));
        }).toList();
    }

    private static URI uri(final String url) {
        try {
            final URI uri = new URI(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(url, "expected http://HOST[:PORT], https://HOST[:PORT] or mock://NAME");
            }
            return uri;
        } catch (final URISyntaxException e) {
            // The reason only: the exception's message repeats the URL, credentials and all.
            throw new RegistryConfigException(URL + " = '" + withoutCredentials(url) + "' is not a registry URL: " + e.getReason());
        }
    }

    /** The URL with any USER:PASSWORD@ masked, for messages. */
    static String withoutCredentials(final String url) {
        return url.replaceFirst("//[^/@]*@", "//***@");
    }

    private static URI withoutUserInfo(final URI uri) {
        final String path = uri.getRawPath() == null ? "" : uri.getRawPath().replaceAll("/+$", "");
        return URI.create(uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + path);
    }

    /** Basic credentials as Confluent's {@code basic.auth.credentials.source} picks them. */
    private static String authorization(final String source, final String urlUserInfo, final String configuredUserInfo) {
        final String userInfo = switch (source) {
            case "URL" -> urlUserInfo == null ? "" : URLDecoder.decode(urlUserInfo, StandardCharsets.UTF_8);
            case "USER_INFO" -> configuredUserInfo;
            default -> throw new RegistryConfigException(CREDENTIALS_SOURCE + " = '" + source + "': tidewatch supports URL and USER_INFO");
        };
        if (userInfo.isEmpty()) {
            if ("USER_INFO".equals(source)) {
                throw new RegistryConfigException(CREDENTIALS_SOURCE + " = USER_INFO needs " + USER_INFO + " = USER:PASSWORD");
            }
            return null;
        }
        if (!userInfo.contains(":")) {
            throw new RegistryConfigException("registry credentials must be USER:PASSWORD (from " + CREDENTIALS_SOURCE + " = " + source + ")");
        }
        return "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
    }

    /** The TLS context of {@code schema.registry.ssl.*}, or null for the JVM's default trust. */
    private static SSLContext sslContext(final Settings settings) {
        final String trustStore = settings.value(SSL_PREFIX + "truststore.location", "");
        final String keyStore = settings.value(SSL_PREFIX + "keystore.location", "");
        final String identification = settings.value(SSL_PREFIX + "endpoint.identification.algorithm", "https");
        if (!"https".equalsIgnoreCase(identification)) {
            // java.net.http can only switch host-name checks off for the whole JVM; tidewatch will not do that silently.
            throw new RegistryConfigException(SSL_PREFIX + "endpoint.identification.algorithm = '" + identification
                    + "': tidewatch always verifies the registry's host name; give its certificate the right name instead");
        }
        if (trustStore.isEmpty() && keyStore.isEmpty()) {
            return null;
        }
        try {
            final SSLContext context = SSLContext.getInstance(settings.value(SSL_PREFIX + "protocol", "TLS"));
            context.init(keyStore.isEmpty() ? null : keyManagers(settings, keyStore).getKeyManagers(),
                    trustStore.isEmpty() ? null : trustManagers(settings, trustStore).getTrustManagers(), null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new RegistryConfigException("cannot set up TLS from " + SSL_PREFIX + "*: " + e.getMessage(), e);
        }
    }

    private static TrustManagerFactory trustManagers(final Settings settings, final String location) throws GeneralSecurityException {
        final TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(keyStore(settings, "truststore", location));
        return factory;
    }

    private static KeyManagerFactory keyManagers(final Settings settings, final String location) throws GeneralSecurityException {
        final KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        final String storePassword = settings.value(SSL_PREFIX + "keystore.password", "");
        factory.init(keyStore(settings, "keystore", location), settings.value(SSL_PREFIX + "key.password", storePassword).toCharArray());
        return factory;
    }

    private static KeyStore keyStore(final Settings settings, final String kind, final String location) throws GeneralSecurityException {
        final String password = settings.value(SSL_PREFIX + kind + ".password", "");
        final KeyStore store = KeyStore.getInstance(settings.value(SSL_PREFIX + kind + ".type", "JKS"));
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            return store;
        } catch (final IOException e) {
            throw new RegistryConfigException(SSL_PREFIX + kind + ".location = '" + location + "': cannot read it (" + e + ")", e);
        }
    }

    /** The raw map, with typed reads whose errors name the key. */
    private record Settings(Map<?, ?> raw) {

        String value(final String key, final String fallback) {
            final Object value = raw.get(key);
            return value == null ? fallback : value.toString().strip();
        }

        String required(final String key) {
            final String value = value(key, "");
            if (value.isEmpty()) {
                throw new RegistryConfigException(key + " is not set; use http(s)://HOST:PORT, or mock://NAME for an in-memory registry");
            }
            return value;
        }

        boolean bool(final String key, final boolean fallback) {
            return parsed(key, Boolean.toString(fallback), v -> switch (v.toLowerCase(Locale.ROOT)) {
                case "true" -> true;
                case "false" -> false;
                default -> throw new IllegalArgumentException("expected true or false");
            });
        }

        long integer(final String key, final String fallback) {
            return parsed(key, fallback, Long::parseLong);
        }

        <T> T parsed(final String key, final String fallback, final Function<String, T> parser) {
            final String value = value(key, fallback);
            try {
                return parser.apply(value);
            } catch (final RegistryConfigException e) {
                throw e;
            } catch (final RuntimeException e) {
                throw new RegistryConfigException(key + " = '" + value + "' cannot be used: " + e.getMessage(), e);
            }
        }
    }
}
