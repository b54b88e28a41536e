package io.tidewatch.registry;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.embed.HashingEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * The whole app on a real broker and registry, with the deterministic hashing embedder, a
 * one-concept catalog it can see (pirate talk), one-minute buckets and a ten-minute reference,
 * and traffic where one model drifts toward the concept.
 */
final class AppUnderTest implements AutoCloseable {

    static final String CONCEPT = "pirate-talk";
    static final String TURNS = "chat.turns";
    static final String SCORED = "tidewatch.scored";
    static final String ALERTS = "tidewatch.alerts";
    static final String DEAD_LETTERS = "tidewatch.dlq";

    private final String bootstrapServers;
    private final TidewatchApp app;

    private AppUnderTest(final String bootstrapServers, final TidewatchApp app) {
        this.bootstrapServers = bootstrapServers;
        this.app = app;
    }

    /** Starts the app; {@code registrySettings} are extra Confluent keys (retries, credentials, ...). */
    static AppUnderTest start(final String bootstrapServers, final String registryUrl, final Path dir, final Map<String, String> registrySettings) {
        AppConfig config = AppConfig.defaults();
        final Map<String, String> settings = new LinkedHashMap<>(Map.of(
                "application.id", "tidewatch-it-" + UUID.randomUUID(), "bootstrap.servers", bootstrapServers,
                "schema.registry.url", registryUrl, "state.dir", dir.resolve("state").toString(),
                "tidewatch.concepts.file", write(dir.resolve("catalog.yaml"), PirateTraffic.CATALOG), "tidewatch.topic.partitions", "1",
                "tidewatch.reference.duration", "10m", "tidewatch.grace", "0s", "tidewatch.expected.segments", "2",
                "tidewatch.metrics.port", "0"));
        settings.putAll(Map.of("tidewatch.batch.size", "16", "tidewatch.batch.linger", "100ms"));
        settings.putAll(registrySettings);
        for (final Map.Entry<String, String> setting : settings.entrySet()) {
            config = config.with(setting.getKey(), setting.getValue(), "test");
        }
        return new AppUnderTest(bootstrapServers, TidewatchApp.start(config, new HashingEmbedder(64)));
    }

    long turnsConsumed() {
        return app.metrics().turnsConsumed();
    }

    /** See {@link PirateTraffic#turns}. */
    static List<ConversationTurn> traffic(final int minutes, final int driftFrom) {
        return PirateTraffic.turns(minutes, driftFrom);
    }

    /**
     * Committed records of {@code topic}, read until {@code done} holds for them or {@code timeout}
     * passes; the caller asserts on what came back, so a time-out shows what was there.
     */
    List<ConsumerRecord<byte[], byte[]>> read(final String topic, final Predicate<List<ConsumerRecord<byte[], byte[]>>> done, final Duration timeout) {
        final Properties props = new Properties();
        props.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers, ConsumerConfig.GROUP_ID_CONFIG, "it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest", ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"));
        final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (!done.test(records) && System.nanoTime() < deadline) {
                // Score tasks' heartbeats to the detect stage carry no value: they are not records a test counts.
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
                    if (r.value() != null) {
                        records.add(r);
                    }
                });
            }
        }
        return records;
    }

    private static String write(final Path file, final String text) {
        try {
            return Files.writeString(file, text).toString();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
