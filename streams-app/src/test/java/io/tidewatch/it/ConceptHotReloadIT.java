package io.tidewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.cli.CommandLineRun;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.metrics.MetricValues;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.testkit.TestApps;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload on a real broker: {@code tidewatch concepts publish} against a running app. The app
 * embeds with the hashing embedder, the command with the real model, so the app also has to
 * recompile every published direction for its own model.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConceptHotReloadIT {

    private static final Instant T0 = Instant.parse("2026-04-01T00:00:00Z");
    private static final String SEGMENT = "model=m";
    private static final Duration PATIENCE = Duration.ofMinutes(2);
    private static final String PIRATE = """
              - id: pirate-talk
                positive_examples: ["arr matey ahoy", "treasure plunder galleon"]
                negative_examples: ["the weather recipe garden", "email meeting coffee"]
            """;
    private static final String GARDEN = """
              - id: garden-talk
                positive_examples: ["garden sunlight river", "garden kitchen garden"]
                negative_examples: ["python function invoice", "budget spreadsheet email"]
            """;
    private static final List<String> WORDS = List.of("the", "garden", "python", "matey", "weather", "invoice", "river", "coffee");

    @TempDir
    Path dir;

    private EmbeddedKafka kafka;
    private AppConfig config;
    private TidewatchApp app;
    private TurnWriter writer;
    private AvroWireSerde<ConversationTurn> turns;
    private int minute;

    @BeforeAll
    void start() throws Exception {
        kafka = EmbeddedKafka.start();
        config = TestApps.config("reload", kafka.bootstrapServers())
                .with(Setting.TOPIC_PARTITIONS, "1", "test")
                .with(Setting.GRACE, "0s", "test")
                .with(Setting.CONCEPTS_FILE, Files.writeString(Files.createTempFile("file-catalog", ".yaml"), "concepts:\n" + PIRATE).toString(), "test");
        app = TidewatchApp.start(config, new HashingEmbedder(64));
        final Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        writer = new TurnWriter(producerConfig, config.string(Setting.TOPIC_TURNS));
        turns = TidewatchApp.avroSerdes(config).forType(ConversationTurn.class);
    }

    @AfterAll
    void stop() {
        writer.close();
        app.close();
        kafka.close();
    }

    @Test
    void aPublishedConceptAppearsInMetricsAndCalibratesAndARemovedOneDisappears() throws Exception {
        untilTrue(() -> calibrating("pirate-talk").isPresent(), "the file catalog's concept in metrics");

        final String added = publish("both.yaml", PIRATE + GARDEN);
        assertThat(added).contains("added      garden-talk, pirate-talk", "unchanged  -");
        untilTrue(() -> calibrating("garden-talk").equals(Optional.of(1.0)), "garden-talk calibrating in metrics");

        final String removed = publish("pirate-only.yaml", PIRATE);
        assertThat(removed).contains("removed    garden-talk", "unchanged  pirate-talk");
        untilTrue(() -> MetricValues.concepts(registry()).equals(Set.of("pirate-talk")), "garden-talk's series to disappear");

        assertThat(publish("pirate-again.yaml", PIRATE)).contains("added      -", "changed    -", "removed    -", "unchanged  pirate-talk");
    }

    private PrometheusRegistry registry() {
        return app.metrics().registry();
    }

    private Optional<Double> calibrating(final String concept) {
        return MetricValues.gauge(registry(), "tidewatch_concept_calibrating", SEGMENT, concept);
    }

    private String publish(final String name, final String concepts) throws Exception {
        final Path file = Files.writeString(dir.resolve(name), "concepts:\n" + concepts);
        final CommandLineRun cli = new CommandLineRun();
        final int exit = cli.run("concepts", "publish", file.toString(), "--bootstrap-servers", kafka.bootstrapServers(),
                "--set", Setting.SCHEMA_REGISTRY_URL.key() + "=" + config.string(Setting.SCHEMA_REGISTRY_URL));
        assertThat(exit).as("publish exit code; stderr: %s", cli.err()).isZero();
        return cli.out();
    }

    /** Produces a minute of event time at a time until {@code condition} holds: buckets only close as event time moves on. */
    private void untilTrue(final BooleanSupplier condition, final String waitingFor) throws InterruptedException {
        final long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + PATIENCE + " waiting for " + waitingFor + "; concepts in metrics: "
                        + MetricValues.concepts(registry()));
            }
            produceMinute();
            Thread.sleep(200);
        }
    }

    private void produceMinute() {
        for (int i = 0; i < 10; i++) {
            final Instant at = T0.plus(Duration.ofMinutes(minute)).plusSeconds(6L * i);
            final ConversationTurn turn = ConversationTurn.newBuilder().setConversationId("c-" + minute + "-" + i).setTurn(0)
                    .setTimestamp(at).setModel("m").setResponse(WORDS.get(i % WORDS.size()) + " " + WORDS.get((i + minute) % WORDS.size()))
                    .setAttributes(Map.of()).build();
            writer.send(turn.getConversationId(), at.toEpochMilli(), turns.serialize(config.string(Setting.TOPIC_TURNS), turn));
        }
        writer.flush();
        minute++;
    }
}
