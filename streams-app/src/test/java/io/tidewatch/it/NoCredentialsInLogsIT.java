package io.tidewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.registry.ConfluentRegistryServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets in the settings (the Kafka clients' JAAS password, the registry's basic credentials, a
 * store password) never reach the console: not at start with every logger at INFO (where Kafka
 * dumps its client configs), not at shutdown, and not in the message of a configuration error.
 * Each case runs {@code tidewatch run} in a child JVM and reads everything it printed.
 */
class NoCredentialsInLogsIT {

    private static final String KAFKA_PASSWORD = "kafka-pw-7f3a9c";
    private static final String REGISTRY_PASSWORD = "registry-pw-51d2e8";
    private static final String STORE_PASSWORD = "store-pw-0c4b7e";
    private static final String JAAS = "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"tidewatch\" password=\""
            + KAFKA_PASSWORD + "\";";
    private static final Map<String, String> SECRETS = Map.of(
            "sasl.jaas.config", JAAS,
            "basic.auth.credentials.source", "USER_INFO",
            "basic.auth.user.info", "tidewatch:" + REGISTRY_PASSWORD,
            "schema.registry.ssl.truststore.password", STORE_PASSWORD,
            "ssl.truststore.password", STORE_PASSWORD);
    private static final String VERBOSE_LOGGING = """
            <configuration>
                <appender name="STDERR" class="ch.qos.logback.core.ConsoleAppender">
                    <target>System.err</target>
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger - %msg%n</pattern></encoder>
                </appender>
                <root level="INFO"><appender-ref ref="STDERR"/></root>
            </configuration>
            """;

    @TempDir
    static Path dir;
    private static EmbeddedKafka kafka;
    private static ConfluentRegistryServer registry;
    private static Deployment deployment;

    @BeforeAll
    static void startBrokerAndRegistry() {
        kafka = EmbeddedKafka.start();
        registry = ConfluentRegistryServer.start();
        deployment = new Deployment(kafka.bootstrapServers(), registry.url(), Map.of("basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "tidewatch:" + REGISTRY_PASSWORD), dir, "secrets", 1);
    }

    @AfterAll
    static void stop() {
        deployment.close();
        registry.close();
        kafka.close();
    }

    @Test
    void aRunWithCredentialsLogsTheirKeysButNeverTheirValues() throws Exception {
        final List<ConversationTurn> turns = Deployment.traffic(2, 99);
        deployment.produce(turns);
        // From here on the registry answers only with the credentials: the app must send them to get anywhere.
        registry.requireBasicAuth("tidewatch", REGISTRY_PASSWORD);
        final Path logging = Files.writeString(dir.resolve("logback-verbose.xml"), VERBOSE_LOGGING);
        final ChildApp app = ChildApp.run(deployment.config("run", SECRETS), dir.resolve("run.log"),
                List.of("-Dlogback.configurationFile=" + logging));
        try {
            deployment.awaitScored(turns.size());
        } finally {
            app.close();
        }

        assertThat(app.log()).as("Kafka dumped its client configs, secret keys masked")
                .contains("sasl.jaas.config = [hidden]", "ssl.truststore.password = [hidden]", "to NOT_RUNNING");
        assertNoSecrets(app.log());
    }

    @Test
    void aMistypedConfigLineIsReportedWithoutItsText() throws Exception {
        final Path config = deployment.config("colon", Map.of());
        Files.writeString(config, "sasl.jaas.config: " + JAAS + "\n", StandardOpenOption.APPEND);

        final String output = failedRun(config, "colon");

        assertThat(output).contains("colon.properties:" + Files.readAllLines(config).size() + ": expected key=value with a key of no spaces");
        assertNoSecrets(output);
    }

    @Test
    void aMalformedRegistryUrlIsReportedWithoutItsCredentials() throws Exception {
        final String output = failedRun(deployment.config("url",
                Map.of("schema.registry.url", "htp://tidewatch:" + REGISTRY_PASSWORD + "@127.0.0.1:8081")), "url");

        assertThat(output).contains("schema.registry.url = 'htp://***@127.0.0.1:8081' is not a registry URL");
        assertNoSecrets(output);
    }

    @Test
    void aMalformedJaasConfigIsReportedWithoutItsPassword() throws Exception {
        final String output = failedRun(deployment.config("jaas", Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                "sasl.jaas.config", JAAS.replace(";", ""))), "jaas");

        assertThat(output).contains("JAAS config entry not terminated by semi-colon");
        assertNoSecrets(output);
    }

    /** Runs the app on a config that must stop it at start, and returns what it printed. */
    private static String failedRun(final Path config, final String name) throws InterruptedException {
        final ChildApp app = ChildApp.run(config, dir.resolve(name + ".log"), List.of());
        assertThat(app.awaitExit(120)).as("exit code").isNotZero();
        return app.log();
    }

    private static void assertNoSecrets(final String output) {
        final String basic = Base64.getEncoder().encodeToString(("tidewatch:" + REGISTRY_PASSWORD).getBytes(StandardCharsets.UTF_8));
        assertThat(output).doesNotContain(KAFKA_PASSWORD, REGISTRY_PASSWORD, STORE_PASSWORD, basic);
    }
}
