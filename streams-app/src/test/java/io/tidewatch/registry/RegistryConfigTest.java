package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Confluent's config keys, and the errors a user sees for values tidewatch cannot use. */
class RegistryConfigTest {

    private static RegistryConfig parse(final String... keysAndValues) {
        final Map<String, String> config = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return RegistryConfig.parse(config);
    }

    private static void assertRejected(final String message, final String... keysAndValues) {
        assertThatThrownBy(() -> parse(keysAndValues)).isInstanceOf(RegistryConfigException.class).hasMessageContaining(message);
    }

    @Test
    void defaultsAreConfluents() {
        final RegistryConfig config = parse(RegistryConfig.URL, "http://registry:8081/");

        assertThat(config.serde()).isEqualTo(SerdeSettings.defaults());
        assertThat(config.retry()).isEqualTo(new RetryPolicy(3, Duration.ofSeconds(1), Duration.ofSeconds(20)));
        assertThat(config.endpoints()).containsExactly(new RegistryConfig.Endpoint(URI.create("http://registry:8081"), null));
    }

    @Test
    void readsConfluentsSerializerKeysAndStrategyClassNames() {
        final RegistryConfig config = parse(RegistryConfig.URL, "mock://shared", RegistryConfig.AUTO_REGISTER, "FALSE",
                RegistryConfig.USE_LATEST_VERSION, "true",
                RegistryConfig.VALUE_SUBJECT_STRATEGY, "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy");

        assertThat(config.serde()).isEqualTo(new SerdeSettings(SubjectNameStrategy.TOPIC_RECORD_NAME, false, true));
        assertThat(config.client()).isSameAs(InMemorySchemaRegistry.named("shared"));
    }

    @Test
    void readsConfluentsSchemaIdSerializerAndDeserializerClassNames() {
        final RegistryConfig config = parse(RegistryConfig.URL, "mock://ids",
                RegistryConfig.VALUE_SCHEMA_ID_SERIALIZER, "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer",
                RegistryConfig.KEY_SCHEMA_ID_SERIALIZER, "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer",
                RegistryConfig.VALUE_SCHEMA_ID_DESERIALIZER, "PrefixSchemaIdDeserializer");

        assertThat(config.serde()).isEqualTo(new SerdeSettings(SubjectNameStrategy.TOPIC_NAME, true, false, SchemaIdForm.HEADER, false));
        assertThat(parse(RegistryConfig.URL, "mock://ids", RegistryConfig.VALUE_SCHEMA_ID_SERIALIZER, "PrefixSchemaIdSerializer",
                RegistryConfig.VALUE_SCHEMA_ID_DESERIALIZER, "io.confluent.kafka.serializers.schema.id.DualSchemaIdDeserializer").serde())
                .isEqualTo(SerdeSettings.defaults());
        assertRejected("value.schema.id.serializer = 'header' cannot be used: expected one of "
                + "io.confluent.kafka.serializers.schema.id.PrefixSchemaIdSerializer, io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer",
                RegistryConfig.URL, "mock://ids", RegistryConfig.VALUE_SCHEMA_ID_SERIALIZER, "header");
        assertRejected("key.schema.id.serializer = 'Header' cannot be used", RegistryConfig.URL, "mock://ids", RegistryConfig.KEY_SCHEMA_ID_SERIALIZER, "Header");
        assertRejected("value.schema.id.deserializer = 'Dual' cannot be used: expected "
                + "io.confluent.kafka.serializers.schema.id.DualSchemaIdDeserializer or io.confluent.kafka.serializers.schema.id.PrefixSchemaIdDeserializer",
                RegistryConfig.URL, "mock://ids", RegistryConfig.VALUE_SCHEMA_ID_DESERIALIZER, "Dual");
    }

    @Test
    void unusableValuesNameTheKeyAndWhatItExpects() {
        assertRejected("schema.registry.url is not set");
        assertRejected("'localhost:8081' is not a registry URL", RegistryConfig.URL, "localhost:8081");
        assertRejected("expected http://HOST[:PORT]", RegistryConfig.URL, "ftp://registry");
        assertRejected("a mock registry is one name", RegistryConfig.URL, "mock://");
        assertRejected("auto.register.schemas = 'yes' cannot be used: expected true or false", RegistryConfig.URL, "mock://x",
                RegistryConfig.AUTO_REGISTER, "yes");
        assertRejected("use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy", RegistryConfig.URL, "mock://x",
                RegistryConfig.VALUE_SUBJECT_STRATEGY, "TopicStrategy");
        assertRejected("USER_INFO needs basic.auth.user.info", RegistryConfig.URL, "http://r:8081", RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO");
        assertRejected("tidewatch supports URL and USER_INFO", RegistryConfig.URL, "http://r:8081", RegistryConfig.CREDENTIALS_SOURCE, "SASL_INHERIT");
        assertRejected("must be USER:PASSWORD", RegistryConfig.URL, "http://r:8081", RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO",
                RegistryConfig.USER_INFO, "justauser");
        assertRejected("retries must be >= 0", RegistryConfig.URL, "http://r:8081", RegistryConfig.MAX_RETRIES, "-1");
        assertRejected("retries.wait.ms = 'soon' cannot be used", RegistryConfig.URL, "http://r:8081", RegistryConfig.RETRIES_WAIT_MS, "soon");
        assertRejected("always verifies the registry's host name", RegistryConfig.URL, "https://r:8081",
                RegistryConfig.SSL_PREFIX + "endpoint.identification.algorithm", "");
        assertRejected("truststore.location = '/nonexistent/trust.p12': cannot read it", RegistryConfig.URL, "https://r:8081",
                RegistryConfig.SSL_PREFIX + "truststore.location", "/nonexistent/trust.p12");
    }

    @Test
    void talksTlsToARegistryWhoseCertificateIsInTheConfiguredTruststore(@TempDir final Path dir) throws Exception {
        final Path keys = dir.resolve("registry.p12");
        final Path trust = dir.resolve("trust.p12");
        keytool("-genkeypair", "-alias", "registry", "-keyalg", "EC", "-dname", "CN=localhost", "-ext", "SAN=dns:localhost,ip:127.0.0.1",
                "-validity", "2", "-storetype", "PKCS12", "-keystore", keys.toString(), "-storepass", "changeit");
        keytool("-exportcert", "-alias", "registry", "-keystore", keys.toString(), "-storepass", "changeit", "-rfc", "-file", dir.resolve("registry.pem").toString());
        keytool("-importcert", "-noprompt", "-alias", "registry", "-file", dir.resolve("registry.pem").toString(),
                "-storetype", "PKCS12", "-keystore", trust.toString(), "-storepass", "changeit");

        try (ConfluentRegistryServer server = ConfluentRegistryServer.startTls(serverContext(keys))) {
            final SchemaRegistry trusting = parse(RegistryConfig.URL, server.url(),
                    RegistryConfig.SSL_PREFIX + "truststore.location", trust.toString(),
                    RegistryConfig.SSL_PREFIX + "truststore.password", "changeit",
                    RegistryConfig.SSL_PREFIX + "truststore.type", "PKCS12").client();
            final SchemaRegistry untrusting = parse(RegistryConfig.URL, server.url(), RegistryConfig.MAX_RETRIES, "0").client();

            assertThat(trusting.register("chat.turns-value", TestSchemas.TURN)).isEqualTo(1);
            assertThatThrownBy(() -> untrusting.schemaById(1)).isInstanceOf(RegistryUnavailableException.class).hasMessageContaining("SSLHandshakeException");
        }
    }

    private static SSLContext serverContext(final Path keys) throws Exception {
        final KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keys)) {
            store.load(in, "changeit".toCharArray());
        }
        final KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(store, "changeit".toCharArray());
        final SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    /** The JDK's own keytool, next to the java running this test. */
    private static void keytool(final String... args) throws IOException, InterruptedException {
        final Path java = Path.of(ProcessHandle.current().info().command().orElseThrow());
        final List<String> command = new ArrayList<>(List.of(java.resolveSibling("keytool").toString()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("keytool " + String.join(" ", args) + ": " + output).isZero();
    }
}
