package io.tidewatch.topology;

import io.tidewatch.avro.ConceptDefinition;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.ReferencePin;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.LiveCatalog;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.HistoryGranule;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.embed.Embedder;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.topology.state.OpenReplies;
import io.tidewatch.topology.state.StateSerde;
import io.tidewatch.topology.state.WriteBackStore;
import io.tidewatch.topology.wire.ScoredTurnEncoder;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The data flow of docs/architecture.md, and nothing else:
 *
 * <pre>
 * tidewatch.concepts ─► catalog (global store: every instance holds the whole live catalog)
 *                          ┆ read at each batch
 * chat.turns ─► score ─► tidewatch.scored (key = segment) ─► detect ─► tidewatch.stats
 *                 └─► tidewatch.dlq                                 └─► tidewatch.alerts
 * tidewatch.control (re-pins, key = segment) ────────┘
 * </pre>
 *
 * <p>The catalog is a global store rather than a join: every score task needs every concept, and
 * the catalog topic has nothing to co-partition with. A global store is outside exactly-once, so
 * each scored turn records the concept versions it was scored with; everything downstream is a
 * function of the scored topic, and a restart or replay of it gives the same buckets and alerts.
 */
public final class TidewatchTopology {

    /**
     * Largest record the detect stage's state changelogs take. A segment's state holds up to 17
     * term sketches and the unexplained shift's candidate replies (about 0.5 MB at 200 replies a
     * minute, decision 0008) beside its concepts' CUSUM runs and their exemplars, and Kafka's
     * default limit is 1 MB; the producer's request limit is raised to match
     * ({@code TidewatchApp.streamsConfig}).
     */
    public static final int STATE_RECORD_BYTES = 8 * 1024 * 1024;

    private static final Map<String, String> LARGE_RECORDS = Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(STATE_RECORD_BYTES));

    /**
     * Header of the marker a replay writes to every partition of the input topic after its last
     * turn (a record with no value): each score task then lets the detect stage close every open
     * bucket, so the last buckets of a replay are not lost.
     */
    public static final String END_OF_INPUT_HEADER = "tidewatch.end-of-input";

    /**
     * What Kafka Streams does with a record its source cannot deserialise (a hand-made record on
     * the control or scored topic; the turns source takes raw bytes and dead-letters in the
     * topology): log it, send it to the dead-letter topic (Kafka's built-in dead-letter queue,
     * KIP-1034) and go on, rather than stop the stream thread on it again and again. A registry
     * outage still fails the thread (see {@link UndecodableRecords}).
     */
    public static Map<String, Object> deserializationErrors(final String deadLetterTopic) {
        return Map.of(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, UndecodableRecords.class,
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
    }

    static final String SCORED_SINK = "scored-sink";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";
    static final String STATS_SINK = "stats-sink";
    static final String ALERTS_SINK = "alerts-sink";

    private TidewatchTopology() {
    }

    /**
     * @param turnPartitions partitions of the input topic: the sources of event time the detect stage waits for
     * @param themes         the library that names unexplained shifts, or null to name none
     */
    public static Topology build(final Topics topics, final int turnPartitions, final ScoringSettings scoring,
                                 final DetectionSettings detection,
                                 final AvroSerdes serdes, final Embedder embedder, final ConceptCatalog catalog, final ThemeLibrary themes,
                                 final TidewatchMetrics metrics) {
        final AvroWireSerde<ConversationTurn> turns = serdes.forType(ConversationTurn.class);
        final AvroWireSerde<ScoredTurn> scored = serdes.forType(ScoredTurn.class).encodingWith(ScoredTurnEncoder::encode);
        final AvroWireSerde<SegmentStats> stats = serdes.forType(SegmentStats.class);
        final AvroWireSerde<DriftAlert> alerts = serdes.forType(DriftAlert.class);
        final AvroWireSerde<ReferencePin> pins = serdes.forType(ReferencePin.class);
        final AvroWireSerde<ConceptDefinition> concepts = serdes.forType(ConceptDefinition.class);
        final LiveCatalog live = new LiveCatalog(catalog, embedder);
        // The unexplained-shift detector explains a shift with the concepts of the catalog when it judges it.
        final SegmentMonitor monitor = new SegmentMonitor(detection, () -> live.get().concepts().stream()
                .collect(Collectors.toMap(ConceptDirection::id, ConceptDirection::direction)), themes);

        final Topology topology = new Topology();
        // The catalog topic is its own changelog, so the global store keeps none.
        topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CatalogProcessor.CATALOG_STORE),
                        Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
                "concepts", new StringDeserializer(), new ByteArrayDeserializer(), topics.concepts(), "catalog",
                () -> new CatalogProcessor(topics.concepts(), concepts, live, metrics));
        topology.addSource("turns", new ByteArrayDeserializer(), new ByteArrayDeserializer(), topics.turns())
                .addProcessor("score", () -> new ScoreProcessor(topics.turns(), turns, embedder, live, scoring, metrics), "turns")
                // Stores written per record hold their writes until the commit: a key written many times
                // between commits reaches the changelog once, and one written and deleted not at all.
                .addStateStore(WriteBackStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoreProcessor.BUFFER_STORE),
                        Serdes.Long(), Serdes.ByteArray())), "score")
                .addStateStore(WriteBackStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ScoreProcessor.WATERMARK_STORE),
                        Serdes.Integer(), Serdes.Long())), "score")
                // Heartbeats (no value) go to every partition; scored turns where the producer would put them by key.
                .addSink(SCORED_SINK, topics.scored(), new StringSerializer(), scored.serializer(),
                        (topic, key, value, partitions) -> value == null
                                ? Optional.of(IntStream.range(0, partitions).boxed().collect(Collectors.toSet()))
                                : Optional.empty(), "score")
                .addSink(DEAD_LETTER_SINK, topics.deadLetters(), new ByteArraySerializer(), new ByteArraySerializer(), "score")

                .addSource("scored", new StringDeserializer(), scored.deserializer(), topics.scored())
                .addSource("control", new StringDeserializer(), pins.deserializer(), topics.control())
                .addProcessor("detect", () -> new DetectProcessor(monitor, metrics, turnPartitions), "scored", "control")
                .addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectProcessor.SEGMENT_STORE),
                        Serdes.String(), new StateSerde<>(SegmentState.class)).withLoggingEnabled(LARGE_RECORDS), "detect")
                .addStateStore(WriteBackStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectProcessor.OPEN_REPLY_STORE),
                        Serdes.Bytes(), OpenReplies.serde())), "detect")
                .addStateStore(WriteBackStore.over(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(DetectProcessor.SOURCE_STORE),
                        Serdes.Integer(), Serdes.ByteArray())), "detect")
                .addStateStore(Stores.windowStoreBuilder(Stores.persistentWindowStore(DetectProcessor.HISTORY_STORE,
                        detection.history(), detection.historyGranule(), false),
                        Serdes.String(), new StateSerde<>(HistoryGranule.class)).withLoggingEnabled(LARGE_RECORDS), "detect")
                .addSink(STATS_SINK, topics.stats(), new StringSerializer(), stats.serializer(), "detect")
                .addSink(ALERTS_SINK, topics.alerts(), new StringSerializer(), alerts.serializer(), "detect");
        return topology;
    }
}
