package io.tidewatch.topology;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.ReferencePin;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.detect.AlertLifecycle;
import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.FalseAlarmBudget;
import io.tidewatch.embed.Embedder;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * A {@link TopologyTestDriver} around the real topology with a deterministic hashing embedder,
 * an in-memory registry, and a one-concept catalog ("pirate-talk") whose direction the hashing
 * embedder can see. Traffic is made of words, so tests can mix in the concept at will.
 */
final class TopologyFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String CONCEPT = "pirate-talk";
    private static final List<String> NEUTRAL = List.of("the", "weather", "recipe", "garden", "python", "function",
            "travel", "budget", "email", "meeting", "exercise", "sleep", "coffee", "history", "river", "library",
            "spreadsheet", "guitar", "planet", "bicycle", "kitchen", "invoice", "museum", "sunlight");
    static final List<String> PIRATE = List.of("arr", "matey", "ahoy", "treasure", "plunder", "galleon");
    /** Words of a theme no concept is configured for. */
    static final List<String> BRAND = List.of("brindlepeak", "kettle", "coupon", "recommend", "store", "bundle");

    final Topics topics = Topics.defaults();
    final AvroSerdes serdes = AvroSerdes.fromConfig(Map.of("schema.registry.url", "mock://topology-" + UUID.randomUUID()));
    final TidewatchMetrics metrics = new TidewatchMetrics(new PrometheusRegistry());
    final Embedder embedder;
    final TopologyTestDriver driver;
    final TestInputTopic<String, byte[]> turns;
    final TestOutputTopic<String, DriftAlert> alerts;
    final TestOutputTopic<String, SegmentStats> stats;
    final TestOutputTopic<byte[], byte[]> deadLetters;
    final TestInputTopic<String, ReferencePin> control;
    private final AvroWireSerde<ConversationTurn> turnSerde = serdes.forType(ConversationTurn.class);
    private final SplittableRandom random = new SplittableRandom(7);

    TopologyFixture(final ScoringSettings scoring) {
        this(scoring, Duration.ofMinutes(10));
    }

    /** A fixture whose segments calibrate over {@code reference} of event time. */
    TopologyFixture(final ScoringSettings scoring, final Duration reference) {
        this(scoring, reference, new HashingEmbedder(64));
    }

    /** A fixture that scores with {@code embedder}, for tests that need a real model's tokenizer. */
    TopologyFixture(final ScoringSettings scoring, final Embedder embedder) {
        this(scoring, Duration.ofMinutes(10), embedder);
    }

    private TopologyFixture(final ScoringSettings scoring, final Duration reference, final Embedder embedder) {
        this.embedder = embedder;
        // Two segments, each with one concept stream and one unexplained-shift stream.
        final DetectionSettings detection = new DetectionSettings(Duration.ofMinutes(1), Duration.ZERO,
                reference, FalseAlarmBudget.defaultBudget().streamArl0Buckets(Duration.ofMinutes(1), 4),
                List.of(0.1, 0.2, 0.4, 0.8), false, Duration.ofHours(1), Duration.ofMinutes(10), Duration.ofDays(1),
                AlertLifecycle.Settings.defaults(), 3);
        final ConceptCatalog catalog = ConceptCatalog.compile(List.of(new ConceptSpec(CONCEPT, "talks like a pirate", true,
                List.of("arr matey ahoy", "treasure plunder galleon arr", "ahoy matey treasure"),
                List.of("the weather recipe garden", "python function travel budget", "email meeting coffee"), Map.of())), embedder);
        driver = new TopologyTestDriver(TidewatchTopology.build(topics, 1, scoring, detection, serdes, embedder, catalog, null, metrics),
                driverConfig());
        turns = driver.createInputTopic(topics.turns(), (t, k) -> k == null ? null : k.getBytes(), new ByteArraySerializer());
        alerts = driver.createOutputTopic(topics.alerts(), new StringDeserializer(), serdes.forType(DriftAlert.class).deserializer());
        stats = driver.createOutputTopic(topics.stats(), new StringDeserializer(), serdes.forType(SegmentStats.class).deserializer());
        deadLetters = driver.createOutputTopic(topics.deadLetters(), new ByteArrayDeserializer(), new ByteArrayDeserializer());
        control = driver.createInputTopic(topics.control(), new StringSerializer(), serdes.forType(ReferencePin.class).serializer());
    }

    /** Sentence-level scoring with embeddings carried, in batches of {@code batchSize}. */
    static ScoringSettings scoring(final int batchSize) {
        return new ScoringSettings(batchSize, Duration.ofMillis(100), List.of("model"), 280, ReplyScorer.Mode.SENTENCE, true,
                Duration.ofHours(1), Duration.ofSeconds(30), true, List.of(), 1.0, List.of());
    }

    private static Properties driverConfig() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tidewatch-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putAll(TidewatchTopology.deserializationErrors(Topics.defaults().deadLetters()));
        try {
            props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("tidewatch-ttd").toString());
        } catch (final java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return props;
    }

    /** A reply of twelve words; each word is a pirate word with probability {@code pirateShare}. */
    String reply(final double pirateShare) {
        return reply(pirateShare, PIRATE);
    }

    /** A reply of twelve words; each word is taken from {@code theme} with probability {@code share}. */
    String reply(final double share, final List<String> theme) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            final List<String> pool = random.nextDouble() < share ? theme : NEUTRAL;
            text.append(pool.get(random.nextInt(pool.size()))).append(' ');
        }
        return text.toString().strip();
    }

    static ConversationTurn turn(final String model, final String id, final Instant at, final String response) {
        return ConversationTurn.newBuilder().setConversationId(id).setTurn(0).setTimestamp(at).setModel(model)
                .setResponse(response).setAttributes(Map.of()).build();
    }

    void pipe(final ConversationTurn turn) {
        turns.pipeInput(turn.getConversationId(), turnSerde.serialize(topics.turns(), turn), turn.getTimestamp());
    }

    void pipeRaw(final String key, final byte[] value, final Instant at) {
        turns.pipeInput(key, value, at);
    }

    byte[] encode(final ConversationTurn turn) {
        return turnSerde.serialize(topics.turns(), turn);
    }

    @Override
    public void close() {
        driver.close();
    }
}
