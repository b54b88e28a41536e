package io.tidewatch.app;

import ai.djl.Device;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.detect.AlertLifecycle;
import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.FalseAlarmBudget;
import io.tidewatch.embed.CachingEmbedder;
import io.tidewatch.embed.Embedder;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.embed.MiniLmEmbedder;
import io.tidewatch.kafka.KafkaTopics;
import io.tidewatch.metrics.StreamsClientMetrics;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.RegistryConfigException;
import io.tidewatch.topology.DeadLetter;
import io.tidewatch.topology.ScoringSettings;
import io.tidewatch.topology.TidewatchTopology;
import io.tidewatch.topology.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running tidewatch instance: the topology on Kafka Streams and the metrics endpoint,
 * built from an {@link AppConfig}. {@code demo} and {@code run} differ only in what they start
 * around it.
 */
public final class TidewatchApp implements AutoCloseable {

    /** The trivial word-hashing embedder: for tests and pipeline benchmarks, not a language model. */
    public static final String HASHING_MODEL = "hashing";

    private static final Logger LOG = LoggerFactory.getLogger(TidewatchApp.class);

    private final KafkaStreams streams;
    private final HTTPServer metricsServer;
    private final TidewatchMetrics metrics;

    private TidewatchApp(final KafkaStreams streams, final HTTPServer metricsServer, final TidewatchMetrics metrics) {
        this.streams = streams;
        this.metricsServer = metricsServer;
        this.metrics = metrics;
    }

    /**
     * Compiles the configured catalog, creates missing topics, starts the metrics endpoint and the
     * streams. The configured catalog is used until the catalog topic holds concepts.
     */
    public static TidewatchApp start(final AppConfig config, final Embedder embedder) {
        final ConceptCatalog catalog = ConceptCatalog.compile(conceptSpecs(config), embedder);
        LOG.info("configured catalog: {} concepts with {}: {} (used while {} holds none)", catalog.concepts().size(),
                catalog.embeddingModel(), catalog.ids(), config.string(Setting.TOPIC_CONCEPTS));
        final Topics topics = topics(config);
        final Properties streamsConfig = streamsConfig(config);
        KafkaTopics.ensure(streamsConfig, topics.all(), config.integer(Setting.TOPIC_PARTITIONS),
                (short) config.integer(Setting.TOPIC_REPLICATION));
        KafkaTopics.ensureCatalog(streamsConfig, topics.concepts(), (short) config.integer(Setting.TOPIC_REPLICATION));
        KafkaTopics.retentionByRecordTime(streamsConfig, topics.all()).forEach(risk -> LOG.warn("{}", risk));

        final PrometheusRegistry registry = new PrometheusRegistry();
        final TidewatchMetrics metrics = new TidewatchMetrics(registry);
        JvmMetrics.builder().register(registry);
        // Re-pins are keyed by segment like scored turns and must reach the task that holds the segment.
        final int scoredPartitions = KafkaTopics.partitions(streamsConfig, topics.scored());
        final int controlPartitions = KafkaTopics.partitions(streamsConfig, topics.control());
        if (controlPartitions != scoredPartitions) {
            throw new ConfigException(topics.control() + " has " + controlPartitions + " partitions but " + topics.scored()
                    + " has " + scoredPartitions + "; they must have as many");
        }
        final DetectionSettings detection = detection(config, catalog.concepts().size());
        final Topology topology = TidewatchTopology.build(topics, KafkaTopics.partitions(streamsConfig, topics.turns()), scoring(config),
                detection, avroSerdes(config), scoringEmbedder(config, embedder, metrics), catalog, themes(config, embedder), metrics);
        metrics.expect(detection.detectors(), Arrays.stream(DeadLetter.values()).map(DeadLetter::tag).toList(),
                budgetStreams(config, catalog.concepts().size()));
        final HTTPServer server = startMetricsServer(config, registry);
        final KafkaStreams streams = new KafkaStreams(topology, streamsConfig);
        StreamsClientMetrics.register(registry, streams::metrics, Set.of(topics.turns(), topics.scored()));
        streams.setUncaughtExceptionHandler(e -> {
            // Infrastructure failures (broker, registry) are retried by a fresh thread; with
            // exactly-once the uncommitted work is redone, so nothing is lost or doubled.
            LOG.error("stream thread failed; replacing it", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        streams.start();
        return new TidewatchApp(streams, server, metrics);
    }

    public KafkaStreams streams() {
        return streams;
    }

    public TidewatchMetrics metrics() {
        return metrics;
    }

    /** The configured model, with {@code tidewatch.embedding.threads} (0 = one per core, at most 4). */
    /** The score stage's embedder: the model behind a cache of recent texts' embeddings, unless the cache is off. */
    private static Embedder scoringEmbedder(final AppConfig config, final Embedder model, final TidewatchMetrics metrics) {
        final int capacity = config.integer(Setting.EMBEDDING_CACHE);
        if (capacity < 0) {
            throw new ConfigException(Setting.EMBEDDING_CACHE.key() + " must be 0 (off) or a number of texts, got " + capacity);
        }
        if (capacity == 0) {
            return model;
        }
        final CachingEmbedder cache = new CachingEmbedder(model, capacity);
        metrics.embeddingCache(cache::hits, cache::misses);
        return cache;
    }

    /** The theme library that names unexplained shifts, compiled with the app's model; null when shifts are not named. */
    private static ThemeLibrary themes(final AppConfig config, final Embedder embedder) {
        if (!config.bool(Setting.UNEXPLAINED) || !config.bool(Setting.UNEXPLAINED_THEMES)) {
            return null;
        }
        final ThemeLibrary themes = ThemeLibrary.load(embedder);
        LOG.info("theme library: {} themes with {} name unexplained shifts", themes.size(), themes.embeddingModel());
        return themes;
    }

    public static Embedder embedder(final AppConfig config) {
        if (config.string(Setting.EMBEDDING_MODEL).equals(HASHING_MODEL)) {
            return new HashingEmbedder(MiniLmEmbedder.DIMENSION);
        }
        final MiniLmEmbedder.Variant variant = config.typed(Setting.EMBEDDING_MODEL, MiniLmEmbedder.Variant::of, "a known model id");
        final int threads = config.integer(Setting.EMBEDDING_THREADS);
        final Device device = config.typed(Setting.EMBEDDING_DEVICE, MiniLmEmbedder::parseDevice, "a device");
        return MiniLmEmbedder.fromClasspath(variant, MiniLmEmbedder.threadsOrDefault(threads), device);
    }

    /**
     * Serdes configured as Confluent's are: {@code schema.registry.url} plus the registry keys
     * (auto.register.schemas, basic.auth.*, ...) read from the settings passed through to Kafka.
     */
    public static AvroSerdes avroSerdes(final AppConfig config) {
        final Properties registryConfig = config.kafkaProperties();
        registryConfig.put(Setting.SCHEMA_REGISTRY_URL.key(), config.require(Setting.SCHEMA_REGISTRY_URL));
        try {
            return AvroSerdes.fromConfig(registryConfig);
        } catch (final RegistryConfigException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    public static List<ConceptSpec> conceptSpecs(final AppConfig config) {
        final String file = config.string(Setting.CONCEPTS_FILE);
        return file.isBlank() ? ConceptCatalogFile.readDefault() : ConceptCatalogFile.read(Path.of(file));
    }

    public static Topics topics(final AppConfig config) {
        return new Topics(config.string(Setting.TOPIC_TURNS), config.string(Setting.TOPIC_SCORED),
                config.string(Setting.TOPIC_ALERTS), config.string(Setting.TOPIC_STATS),
                config.string(Setting.TOPIC_DEAD_LETTERS), config.string(Setting.TOPIC_CONCEPTS), config.string(Setting.TOPIC_CONTROL));
    }

    public static ScoringSettings scoring(final AppConfig config) {
        try {
            return new ScoringSettings(config.integer(Setting.BATCH_SIZE), config.duration(Setting.BATCH_LINGER),
                    config.list(Setting.SEGMENT_LABELS), config.integer(Setting.EXCERPT_CHARS),
                    config.typed(Setting.SCORING_MODE, ReplyScorer.Mode::parse, "sentence or reply"), config.bool(Setting.UNEXPLAINED),
                    config.duration(Setting.MAX_FUTURE_SKEW), config.duration(Setting.SOURCE_IDLE_TIMEOUT), config.bool(Setting.PROMPTS_SCORED),
                    ScoringSettings.excerptRules(config.string(Setting.EXCERPT_CHARS_BY)), config.decimal(Setting.SAMPLE_RATE),
                    ScoringSettings.sampleRules(config.string(Setting.SAMPLE_RATE_BY)));
        } catch (final IllegalArgumentException e) {
            throw new ConfigException("invalid scoring settings: " + e.getMessage());
        }
    }

    /**
     * Detection settings. The false-alarm budget is shared by every monitored stream: each segment
     * has one per concept, plus one for the unexplained shift when embeddings are carried.
     */
    public static DetectionSettings detection(final AppConfig config, final int concepts) {
        final Duration bucket = config.duration(Setting.BUCKET);
        final FalseAlarmBudget budget = config.typed(Setting.FALSE_ALARM_BUDGET, FalseAlarmBudget::parse, "a budget such as 1/30d");
        final int streams = budgetStreams(config, concepts);
        final List<Double> shifts = config.typed(Setting.CUSUM_SHIFTS,
                text -> Arrays.stream(text.split(",")).map(String::strip).map(Double::parseDouble).toList(),
                "a comma-separated list of per-reply shifts such as 0.1,0.2,0.4,0.8");
        try {
            return new DetectionSettings(bucket, config.duration(Setting.GRACE), config.duration(Setting.REFERENCE_DURATION),
                    budget.streamArl0Buckets(bucket, streams), shifts, config.bool(Setting.LOWER_SIDE),
                    config.duration(Setting.SLOW_HORIZON), config.duration(Setting.UNEXPLAINED_WINDOW),
                    config.duration(Setting.REFERENCE_HISTORY), AlertLifecycle.Settings.defaults(), config.integer(Setting.EXEMPLARS));
        } catch (final IllegalArgumentException e) {
            throw new ConfigException("invalid detection settings: " + e.getMessage());
        }
    }

    /**
     * Monitored streams the false-alarm budget is divided over. Thresholds are fixed when a
     * reference is calibrated, so a deployment that later monitors more streams (concepts
     * published, segments beyond the expected count) spends more than its budget; the metrics
     * show both counts and a Prometheus rule alerts on the difference.
     */
    public static int budgetStreams(final AppConfig config, final int concepts) {
        final int perSegment = Math.max(1, concepts) + (config.bool(Setting.UNEXPLAINED) ? 1 : 0);
        return Math.max(1, config.integer(Setting.EXPECTED_SEGMENTS)) * perSegment;
    }

    public static Properties streamsConfig(final AppConfig config) {
        final Properties props = config.kafkaProperties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, config.string(Setting.APPLICATION_ID));
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.require(Setting.BOOTSTRAP_SERVERS));
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir(config));
        props.putIfAbsent(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Exactly-once commits every 100 ms by default, and the stream thread waits out each commit
        // (a fifth of its time in the no-model benchmark). Buckets are minutes long, so a second
        // more before alerts become visible costs nothing.
        props.putIfAbsent(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        // The detect task reads the scored and control topics; nothing in it depends on their
        // records interleaving by timestamp (a re-pin applies when it arrives), and with the
        // default (0) Kafka Streams formats a waiting message for the empty control partition on
        // every record it processes: a twentieth of the app's CPU in the no-model benchmark.
        props.putIfAbsent(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
        // A scored turn carries its 1.5 KB embedding, so Kafka's 16 KB batches hold about eight:
        // a produce request each, costing the producer thread and the broker more than the records.
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), "262144");
        // A segment's state can outgrow Kafka's default 1 MB record; its changelogs take up to this much.
        props.putIfAbsent(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), Integer.toString(TidewatchTopology.STATE_RECORD_BYTES));
        TidewatchTopology.deserializationErrors(config.string(Setting.TOPIC_DEAD_LETTERS)).forEach(props::putIfAbsent);
        // The catalog's global processor handles bad records itself; anything else it throws goes to the
        // processing exception handler like a stream task's, as Kafka 5 will do by default.
        props.putIfAbsent("processing.exception.handler.global.enabled", "true");
        return props;
    }

    private static String stateDir(final AppConfig config) {
        final String configured = config.string(Setting.STATE_DIR);
        if (!configured.isBlank()) {
            return configured;
        }
        try {
            return Files.createTempDirectory("tidewatch-state").toString();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot create a temporary state directory", e);
        }
    }

    private static HTTPServer startMetricsServer(final AppConfig config, final PrometheusRegistry registry) {
        final int port = config.integer(Setting.METRICS_PORT);
        if (port == 0) {
            return null;
        }
        try {
            return HTTPServer.builder().hostname(config.string(Setting.METRICS_HOST)).port(port).registry(registry).buildAndStart();
        } catch (final IOException e) {
            throw new ConfigException(Setting.METRICS_PORT.key() + " = " + port + ": cannot serve metrics there (" + e.getMessage() + ")");
        }
    }

    @Override
    public void close() {
        streams.close(Duration.ofSeconds(30));
        if (metricsServer != null) {
            metricsServer.close();
        }
    }
}
