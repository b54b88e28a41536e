package io.tidewatch.metrics;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.testkit.TestApps;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * A real embedded broker, tidewatch instances on it, and the demo's traffic produced in the
 * background: {@link DemoTraffic#DRIFTING_MODEL} starts drifting toward model-rights advocacy
 * four minutes of event time in. The instances use the default concept catalog with the
 * deterministic hashing embedder, which separates the demo's advocacy replies from its ordinary
 * ones by more than two per-reply standard deviations, so the drift alarms within a few buckets.
 */
final class DriftRun implements AutoCloseable {

    private static final int PARTITIONS = 2;
    /** Event time runs about 25 times faster than the wall clock, so a run shows minutes of it. */
    private static final int TURNS_PER_SECOND = 100;
    private static final Duration DRIFT_START = Duration.ofMinutes(4);

    private final EmbeddedKafka kafka;
    private final AppConfig config;
    private final HashingEmbedder embedder = new HashingEmbedder(256);
    private final DemoTraffic traffic;
    private final TurnWriter writer;
    private final AvroWireSerde<ConversationTurn> serde;
    private final List<TidewatchApp> instances = new ArrayList<>();
    private final Thread generator;
    private volatile boolean running = true;

    private DriftRun(final EmbeddedKafka kafka, final Map<String, String> kafkaSettings) {
        this.kafka = kafka;
        this.config = config(kafka.bootstrapServers(), kafkaSettings);
        // Ends in the past: brokers reject timestamps too far ahead of their clock.
        this.traffic = new DemoTraffic(new DemoTraffic.Plan(Instant.now().minus(6, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MINUTES),
                120, DRIFT_START, Duration.ofMinutes(1), 0.4, 42L));
        final Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        producerConfig.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        this.writer = new TurnWriter(producerConfig, config.string(Setting.TOPIC_TURNS));
        this.serde = TidewatchApp.avroSerdes(config).forType(ConversationTurn.class);
        this.generator = new Thread(this::generate, "drift-run-traffic");
    }

    /** Starts a broker; {@code kafkaSettings} pass through to every instance's Kafka Streams config. */
    static DriftRun start(final Map<String, String> kafkaSettings) {
        return new DriftRun(EmbeddedKafka.start(), kafkaSettings);
    }

    private static AppConfig config(final String bootstrapServers, final Map<String, String> kafkaSettings) {
        AppConfig config = TestApps.config("drift-run", bootstrapServers)
                .with(Setting.TOPIC_PARTITIONS, Integer.toString(PARTITIONS), "test")
                .with(Setting.BUCKET, "10s", "test")
                // Two minutes of this fast event time are seconds of wall clock: enough that the two scoring
                // tasks' interleaving on the scored topic does not make turns late.
                .with(Setting.GRACE, "2m", "test")
                .with(Setting.REFERENCE_DURATION, "3m", "test")
                .with(Setting.EXPECTED_SEGMENTS, "2", "test")
                .with(Setting.BATCH_SIZE, "16", "test")
                .with(Setting.METRICS_HOST, "127.0.0.1", "test");
        for (final Map.Entry<String, String> setting : kafkaSettings.entrySet()) {
            config = config.with(setting.getKey(), setting.getValue(), "test");
        }
        return config;
    }

    /** Starts one more instance of the app, serving /metrics on {@code metricsPort} (0: not served). */
    TidewatchApp startInstance(final int metricsPort) {
        final TidewatchApp app = TidewatchApp.start(config.with(Setting.METRICS_PORT, Integer.toString(metricsPort), "test"), embedder);
        instances.add(app);
        return app;
    }

    /** Starts producing the demo's traffic until {@link #close}. */
    void startTraffic() {
        generator.start();
    }

    String turnsTopic() {
        return config.string(Setting.TOPIC_TURNS);
    }

    String scoredTopic() {
        return config.string(Setting.TOPIC_SCORED);
    }

    private void generate() {
        final long pauseNanos = 1_000_000_000L / TURNS_PER_SECOND;
        long next = System.nanoTime();
        for (long index = 0; running; index++) {
            send(traffic.turn(index));
            next += pauseNanos;
            final long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (final InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void send(final ConversationTurn turn) {
        writer.send(turn.getConversationId(), turn.getTimestamp().toEpochMilli(), serde.serialize(turnsTopic(), turn));
    }

    @Override
    public void close() {
        running = false;
        generator.interrupt();
        try {
            generator.join();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.close();
        } finally {
            instances.forEach(TidewatchApp::close);
            kafka.close();
        }
    }
}
