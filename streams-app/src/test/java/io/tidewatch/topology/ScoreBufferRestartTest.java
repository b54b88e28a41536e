package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * Turns accepted into a half-filled batch are committed with the buffer, not scored yet. After a
 * crash, a new score processor over the same stores must score exactly those turns, in their
 * order, and leave the buffer empty.
 */
class ScoreBufferRestartTest {

    private static final String TOPIC = "chat.turns";
    private final AvroWireSerde<ConversationTurn> serde =
            AvroSerdes.fromConfig(Map.of("schema.registry.url", "mock://buffer-" + UUID.randomUUID())).forType(ConversationTurn.class);
    private final HashingEmbedder embedder = new HashingEmbedder(16);
    private final ConceptCatalog catalog = ConceptCatalog.compile(List.of(new ConceptSpec("pirate-talk", "talks like a pirate", true,
            List.of("arr matey", "ahoy treasure"), List.of("weather garden", "coffee meeting"), Map.of())), embedder);
    private final KeyValueStore<Long, byte[]> buffer = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ScoreProcessor.BUFFER_STORE), Serdes.Long(), Serdes.ByteArray()).withLoggingDisabled().build();
    private final KeyValueStore<Integer, Long> watermark = Stores.keyValueStoreBuilder(
            Stores.inMemoryKeyValueStore(ScoreProcessor.WATERMARK_STORE), Serdes.Integer(), Serdes.Long()).withLoggingDisabled().build();

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
        final ScoringSettings settings = new ScoringSettings(4, Duration.ofMillis(100), List.of("model"), 0,
                io.tidewatch.concept.ReplyScorer.Mode.REPLY, false, Duration.ofHours(1), Duration.ofSeconds(30));
        final ScoreProcessor processor = new ScoreProcessor(TOPIC, serde, embedder, () -> catalog, settings,
                new TidewatchMetrics(new PrometheusRegistry()));
        processor.init(context);
        return processor;
    }

    private static ConversationTurn turn(final String id) {
        return TopologyFixture.turn("m", id, TopologyFixture.T0, "ahoy matey, the weather " + id);
    }

    private Record<byte[], byte[]> record(final String id) {
        return new Record<>(id.getBytes(), serde.serialize(TOPIC, turn(id)), TopologyFixture.T0.toEpochMilli());
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
