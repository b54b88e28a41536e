package io.tidewatch.registry;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.cli.AppConfig;
import io.tidewatch.cli.TidewatchApp;
import io.tidewatch.embed.HashingEmbedder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
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

    static final String STEADY = "m-steady";
    static final String DRIFTING = "m-drift";
    static final String CONCEPT = "pirate-talk";
    static final String TURNS = "chat.turns";
    static final String SCORED = "tidewatch.scored";
    static final String ALERTS = "tidewatch.alerts";
    static final String DEAD_LETTERS = "tidewatch.dlq";
    private static final List<String> NEUTRAL = List.of("the", "weather", "recipe", "garden", "python", "function", "travel",
            "budget", "email", "meeting", "exercise", "sleep", "coffee", "history", "river", "library");
    private static final List<String> PIRATE = List.of("arr", "matey", "ahoy", "treasure", "plunder", "galleon");
    private static final String CATALOG = """
            concepts:
              - id: pirate-talk
                description: talks like a pirate
                positive_examples: ["arr matey ahoy", "treasure plunder galleon arr", "ahoy matey treasure"]
                negative_examples: ["the weather recipe garden", "python function travel budget", "email meeting coffee"]
            """;

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
                "tidewatch.concepts.file", write(dir.resolve("catalog.yaml"), CATALOG), "tidewatch.topic.partitions", "1",
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

    /**
     * Twenty turns a minute per model for {@code minutes}, ending hours ago (brokers refuse
     * timestamps far in the future); from minute {@code driftFrom} half of the drifting model's words are pirate words.
     */
    static List<ConversationTurn> traffic(final int minutes, final int driftFrom) {
        final SplittableRandom random = new SplittableRandom(11);
        final Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        final List<ConversationTurn> turns = new ArrayList<>();
        for (int i = 0; i < minutes * 20; i++) {
            final Instant at = start.plusMillis(i * 3_000L);
            final boolean drifting = at.isAfter(start.plus(Duration.ofMinutes(driftFrom)));
            turns.add(turn(STEADY, "s-" + i, at, reply(random, 0)));
            turns.add(turn(DRIFTING, "d-" + i, at, reply(random, drifting ? 0.5 : 0)));
        }
        return turns;
    }

    private static String reply(final SplittableRandom random, final double pirateShare) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            final List<String> pool = random.nextDouble() < pirateShare ? PIRATE : NEUTRAL;
            text.append(pool.get(random.nextInt(pool.size()))).append(' ');
        }
        return text.toString().strip();
    }

    private static ConversationTurn turn(final String model, final String id, final Instant at, final String response) {
        return ConversationTurn.newBuilder().setConversationId(id).setTurn(0).setTimestamp(at).setModel(model)
                .setResponse(response).setAttributes(Map.of()).build();
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
