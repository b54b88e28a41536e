package io.tidewatch.topology;

import io.tidewatch.avro.ConceptDefinition;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.avro.ReferencePin;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.detect.HistoryGranule;
import io.tidewatch.concept.LiveCatalog;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.embed.Embedder;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The data flow of DESIGN.md, and nothing else:
 *
 * <pre>
 * tidewatch.concepts ─► catalog (global store: every instance holds the whole live catalog)
 *                          ┆ read at each batch
 * chat.turns ─► score ─► tidewatch.scored (key = segment) ─► detect ─► tidewatch.stats
 *                 └─► tidewatch.dlq                                 └─► tidewatch.alerts
 * tidewatch.control (re-pins, key = segment) ─► pin ───────────────────┘
 * </pre>
 *
 * <p>The catalog is a global store rather than a join: every score task needs every concept, and
 * the catalog topic has nothing to co-partition with. A global store is outside exactly-once, so
 * each scored turn records the concept versions it was scored with; everything downstream is a
 * function of the scored topic, and a restart or replay of it gives the same buckets and alerts.
 */
public final class TidewatchTopology {

    /**
     * Header of the marker a replay writes to every partition of the scored topic once all its
     * turns are scored (a record with no value); the marker's timestamp is the event time up to
     * which buckets may close, so the last buckets of a replay are not lost.
     */
    public static final String END_OF_INPUT_HEADER = "tidewatch.end-of-input";

    static final String SCORED_SINK = "scored-sink";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";
    static final String STATS_SINK = "stats-sink";
    static final String ALERTS_SINK = "alerts-sink";

    private TidewatchTopology() {
    }

    public static Topology build(final Topics topics, final ScoringSettings scoring, final SegmentMonitor.Settings detection,
                                 final AvroSerdes serdes, final Embedder embedder, final ConceptCatalog catalog,
                                 final TidewatchMetrics metrics) {
        final AvroWireSerde<ConversationTurn> turns = serdes.forType(ConversationTurn.class);
        final AvroWireSerde<ScoredTurn> scored = serdes.forType(ScoredTurn.class);
        final AvroWireSerde<SegmentStats> stats = serdes.forType(SegmentStats.class);
        final AvroWireSerde<DriftAlert> alerts = serdes.forType(DriftAlert.class);
        final AvroWireSerde<ReferencePin> pins = serdes.forType(ReferencePin.class);
        final AvroWireSerde<ConceptDefinition> concepts = serdes.forType(ConceptDefinition.class);
        final LiveCatalog live = new LiveCatalog(catalog, embedder);
        // The unexplained-shift detector explains shifts with the concepts known at start.
        final Map<String, float[]> directions = catalog.concepts().stream()
                .collect(Collectors.toMap(ConceptDirection::id, ConceptDirection::direction));
        final SegmentMonitor monitor = new SegmentMonitor(detection, directions);

        final Topology topology = new Topology();
        // The catalog topic is its own changelog, so the global store keeps none.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CatalogProcessor.CATALOG_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                "concepts", new StringDeserializer(), new ByteArrayDeserializer(), topics.concepts(), "catalog",
                () -> new CatalogProcessor(topics.concepts(), concepts, live, metrics));
        topology.addSource("turns", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.turns())
                .addProcessor("score", () -> new ScoreProcessor(topics.turns(), turns, embedder, live, scoring, metrics), "turns")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoreProcessor.BUFFER_STORE),
                        Serdes.Long(), Serdes.ByteArray()), "score")
                .addSink(SCORED_SINK, topics.scored(), new StringSerializer(), scored.serializer(), "score")
                .addSink(DEAD_LETTER_SINK, topics.deadLetters(), new ByteArraySerializer(), new ByteArraySerializer(), "score")

                .addSource("scored", new StringDeserializer(), scored.deserializer(), topics.scored())
                .addProcessor("detect", () -> new DetectProcessor(monitor, detection.bucket(), metrics), "scored")
                .addSource("control", new StringDeserializer(), pins.deserializer(), topics.control())
                .addProcessor("pin", () -> new PinProcessor(monitor, metrics), "control")
                // Cached: the state is rewritten on every reply, but only the last write per commit needs logging.
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectProcessor.SEGMENT_STORE),
                        Serdes.String(), new JsonStateSerde<>(SegmentState.class)).withCachingEnabled(), "detect", "pin")
                .addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DetectProcessor.HISTORY_STORE,
                        detection.history(), detection.historyGranule(), false),
                        Serdes.String(), new JsonStateSerde<>(HistoryGranule.class)), "detect", "pin")
                .addSink(STATS_SINK, topics.stats(), new StringSerializer(), stats.serializer(), "detect")
                .addSink(ALERTS_SINK, topics.alerts(), new StringSerializer(), alerts.serializer(), "detect", "pin");
        return topology;
    }
}
