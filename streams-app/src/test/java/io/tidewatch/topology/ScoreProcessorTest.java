package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.embed.Embedder;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.stats.Hashing;
import io.tidewatch.topology.wire.SourceClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The score processor against a mock context, for what a topology test driver cannot show: a
 * restart over stores holding a half-filled batch, and a task clock that Kafka Streams reads once
 * per run of records.
 */
class ScoreProcessorTest {

    private static final String TOPIC = "chat.turns";
    private final String registryUrl = "mock://buffer-" + UUID.randomUUID();
    private final AvroWireSerde<ConversationTurn> serde = AvroSerdes.fromConfig(Map.of("schema.registry.url", registryUrl)).forType(ConversationTurn.class);
    private final HashingEmbedder hashing = new HashingEmbedder(16);
    private Embedder embedder = hashing;
    private final ConceptCatalog catalog = ConceptCatalog.compile(List.of(new ConceptSpec("pirate-talk", "talks like a pirate", true,
            List.of("arr matey", "ahoy treasure"), List.of("weather garden", "coffee meeting"), Map.of())), hashing);
    private final KeyValueStore<Long, byte[]> buffer = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ScoreProcessor.BUFFER_STORE), Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
    private final KeyValueStore<Integer, Long> watermark = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ScoreProcessor.WATERMARK_STORE), Serdes.Integer(), Serdes.Long()).withLoggingDisabled().build();

    /**
     * Turns accepted into a half-filled batch are committed with the buffer, not scored yet. After
     * a crash, a new processor over the same stores must score exactly those turns, in their
     * order, and leave the buffer empty.
     */
    @Test
    void aRestartedProcessorScoresTheBufferedTurnsOnceInOrder() {
        final MockProcessorContext<Object, Object> before = context();
        final ScoreProcessor crashed = processor(before);
        for (final String id : List.of("a", "b", "c")) {
            crashed.process(record(id));
        }
        assertThat(before.forwarded()).isEmpty();
        assertThat(keys()).containsExactly(0L, 1L, 2L);

        final MockProcessorContext<Object, Object> after = context();
        final ScoreProcessor restarted = processor(after);
        restarted.process(record("d"));
        restarted.process(record("e"));

        assertThat(scoredIds(after)).containsExactly("a", "b", "c", "d");
        assertThat(keys()).containsExactly(0L);
        after.resetForwards();
        after.scheduledPunctuators().get(0).getPunctuator().punctuate(2_000);
        assertThat(scoredIds(after)).containsExactly("e");
        assertThat(keys()).isEmpty();
    }

    /**
     * Under a backlog a turn that follows a slow batch in the same run of records carries the
     * clock from before that batch. It must not count as having waited the batch's length, or
     * every batch after a slow one would be embedded partial at the next tick.
     */
    @Test
    void aTurnAfterASlowBatchInTheSameRunDoesNotCountTheBatchAsWaiting() {
        embedder = new SlowEmbedder(hashing, 300);
        final MockProcessorContext<Object, Object> context = context();
        final ScoreProcessor processor = processor(context);
        for (final String id : List.of("a", "b", "c", "d", "e")) {
            processor.process(record(id));       // the clock stays at 1,000 ms throughout, as in one run
        }
        assertThat(scoredIds(context)).containsExactly("a", "b", "c", "d");
        context.resetForwards();

        // 150 ms on the stale clock: "e" came at least 300 ms after it was read, so it has not waited the 100 ms linger.
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_150);
        assertThat(scoredIds(context)).isEmpty();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(60_000);
        assertThat(scoredIds(context)).containsExactly("e");
    }

    /** The buffer keeps values only, so a turn whose schema id came in a header must still read after a restart. */
    @Test
    void bufferedTurnsWhoseSchemaIdCameInAHeaderAreScoredAfterARestart() {
        final AvroWireSerde<ConversationTurn> headerWriter = AvroSerdes.fromConfig(Map.of("schema.registry.url", registryUrl,
                "value.schema.id.serializer", "io.confluent.kafka.serializers.schema.id.HeaderSchemaIdSerializer")).forType(ConversationTurn.class);
        final ScoreProcessor crashed = processor(context());
        for (final String id : List.of("a", "b", "c")) {
            final Record<byte[], byte[]> record = new Record<>(id.getBytes(), null, TopologyFixture.T0.toEpochMilli());
            crashed.process(id.equals("b") ? record(id) : record.withValue(headerWriter.serialize(TOPIC, record.headers(), turn(id))));
        }

        final MockProcessorContext<Object, Object> after = context();
        processor(after).process(record("d"));

        assertThat(scoredIds(after)).containsExactly("a", "b", "c", "d");
    }

    @Test
    void aBufferKeyedByAnOlderVersionsRunningSequenceIsMovedToPositions() {
        final MockProcessorContext<Object, Object> context = context();
        buffer.put(41L, serde.serialize(TOPIC, turn("x")));
        buffer.put(42L, serde.serialize(TOPIC, turn("y")));
        final ScoreProcessor processor = processor(context);
        assertThat(keys()).containsExactly(0L, 1L);
        processor.process(record("z"));
        processor.process(record("w"));
        assertThat(scoredIds(context)).containsExactly("x", "y", "z", "w");
        assertThat(keys()).isEmpty();
    }

    /**
     * At a sample rate of 0.3, every valid turn is seen and exactly the turns of the conversations
     * the id hash puts in the sample are scored, all turns of a conversation together.
     */
    @Test
    void theTurnsOfSampledConversationsAreScoredAndEveryTurnIsSeen() {
        final MockProcessorContext<Object, Object> context = context();
        final TidewatchMetrics metrics = new TidewatchMetrics(new PrometheusRegistry());
        final ScoreProcessor processor = processor(context, 0.3, metrics);
        final List<String> expected = new ArrayList<>();
        for (int turn = 0; turn < 3; turn++) {
            for (int c = 0; c < 60; c++) {
                final String id = "c" + c;
                processor.process(record(id, TopologyFixture.T0.plusSeconds(turn)));
                if (turn == 0 && Hashing.sampled(id, 0.3)) {
                    expected.add(id);
                }
            }
        }
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(60_000);
        assertThat(expected).hasSizeBetween(5, 55);
        final Map<String, Long> scored = scoredIds(context).stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(scored.keySet()).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(scored.values()).containsOnly(3L);
        assertThat(metrics.turnsScored()).isEqualTo(3L * expected.size());
        assertThat(metrics.registry().scrape().stream().filter(s -> s.getMetadata().getPrometheusName().equals("tidewatch_turns_seen"))
                .flatMap(s -> s.getDataPoints().stream()).mapToDouble(d -> ((CounterSnapshot.CounterDataPointSnapshot) d).getValue()).sum())
                .isEqualTo(180.0);
    }

    /**
     * A segment sampled at 0 forwards no turn, yet its turns' event time must reach the detect
     * stage, or its buckets (and every other segment's on the partitions it shares) would never
     * close: one heartbeat after the linger, none while nothing new arrives.
     */
    @Test
    void turnsLeftOutOfTheSampleStillMoveTheSourceOn() {
        final MockProcessorContext<Object, Object> context = context();
        final ScoreProcessor processor = processor(context, 0.0, new TidewatchMetrics(new PrometheusRegistry()));
        for (int minute = 1; minute <= 5; minute++) {
            processor.process(record("c" + minute, TopologyFixture.T0.plus(Duration.ofMinutes(minute))));
        }
        assertThat(context.forwarded()).isEmpty();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_100);
        assertThat(scoredIds(context)).isEmpty();
        assertThat(context.forwarded()).singleElement().satisfies(f -> assertThat(SourceClock.read(f.record().headers()).orElseThrow().watermark())
                .isEqualTo(TopologyFixture.T0.plus(Duration.ofMinutes(5)).toEpochMilli()));
        assertThat(watermark.get(0)).isEqualTo(TopologyFixture.T0.plus(Duration.ofMinutes(5)).toEpochMilli());
        context.resetForwards();
        context.scheduledPunctuators().get(0).getPunctuator().punctuate(1_200);
        assertThat(context.forwarded()).isEmpty();
    }

    private MockProcessorContext<Object, Object> context() {
        final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000);
        context.setCurrentStreamTimeMs(TopologyFixture.T0.toEpochMilli());
        buffer.init(context.getStateStoreContext(), buffer);
        watermark.init(context.getStateStoreContext(), watermark);
        return context;
    }

    /** A processor batching four turns. */
    private ScoreProcessor processor(final MockProcessorContext<Object, Object> context) {
        return processor(context, 1.0, new TidewatchMetrics(new PrometheusRegistry()));
    }

    /** A processor batching four turns of the conversations in a sample of {@code rate}. */
    private ScoreProcessor processor(final MockProcessorContext<Object, Object> context, final double rate, final TidewatchMetrics metrics) {
        final ScoringSettings settings = new ScoringSettings(4, Duration.ofMillis(100), List.of("model"), 0,
                io.tidewatch.concept.ReplyScorer.Mode.REPLY, false, Duration.ofHours(1), Duration.ofSeconds(30), false, List.of(), rate, List.of());
        final ScoreProcessor processor = new ScoreProcessor(TOPIC, serde, embedder, () -> catalog, settings, metrics);
        processor.init(context);
        return processor;
    }

    /** The hashing embedder, taking at least {@code millis} per batch, as a model does. */
    private record SlowEmbedder(Embedder inner, long millis) implements Embedder {
        @Override
        public String modelId() {
            return inner.modelId();
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public List<float[]> embed(final List<String> texts) {
            try {
                Thread.sleep(millis);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return inner.embed(texts);
        }

        @Override
        public void close() {
        }
    }

    private static ConversationTurn turn(final String id) {
        return turn(id, TopologyFixture.T0);
    }

    private static ConversationTurn turn(final String id, final Instant at) {
        return TopologyFixture.turn("m", id, at, "ahoy matey, the weather " + id);
    }

    private Record<byte[], byte[]> record(final String id) {
        return record(id, TopologyFixture.T0);
    }

    private Record<byte[], byte[]> record(final String id, final Instant at) {
        return new Record<>(id.getBytes(), serde.serialize(TOPIC, turn(id, at)), at.toEpochMilli());
    }

    private List<Long> keys() {
        final List<Long> keys = new ArrayList<>();
        try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
            all.forEachRemaining((KeyValue<Long, byte[]> e) -> keys.add(e.key));
        }
        return keys;
    }

    private static List<String> scoredIds(final MockProcessorContext<Object, Object> context) {
        return context.forwarded().stream().map(f -> f.record().value())
                .filter(ScoredTurn.class::isInstance).map(v -> ((ScoredTurn) v).getConversationId()).toList();
    }
}
