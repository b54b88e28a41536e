package io.tidewatch.app;

import io.tidewatch.topology.Topics;

/**
 * Every tidewatch setting: its key in a config file, its environment variable, its default, and
 * what it does. Keys that are not listed here and do not start with {@code tidewatch.} pass
 * through to Kafka Streams and its clients unchanged (security.protocol, sasl.*, ssl.*,
 * num.stream.threads, ...).
 */
public enum Setting {
    APPLICATION_ID("application.id", "tidewatch", "Kafka Streams application id; instances sharing it share the work."),
    BOOTSTRAP_SERVERS("bootstrap.servers", "", "Kafka bootstrap servers (host:port,...). Required for run."),
    SCHEMA_REGISTRY_URL("schema.registry.url", "",
            "Schema Registry URL(s), comma-separated (http(s)://..., or mock://NAME for an in-memory registry). Required for run;"
                    + " the other registry keys are Confluent's, see Schema Registry in docs/operations.md."),
    STATE_DIR("state.dir", "", "Directory for local state stores; empty means a temporary directory."),
    TOPIC_TURNS("tidewatch.topic.turns", Topics.DEFAULT_TURNS, "Input topic of ConversationTurn records."),
    TOPIC_SCORED("tidewatch.topic.scored", Topics.DEFAULT_SCORED, "Topic of ScoredTurn records, keyed by segment."),
    TOPIC_ALERTS("tidewatch.topic.alerts", Topics.DEFAULT_ALERTS, "Topic of DriftAlert events."),
    TOPIC_STATS("tidewatch.topic.stats", Topics.DEFAULT_STATS, "Topic of SegmentStats of closed buckets."),
    TOPIC_DEAD_LETTERS("tidewatch.topic.dlq", Topics.DEFAULT_DEAD_LETTERS, "Dead-letter topic for records that cannot be scored."),
    TOPIC_CONCEPTS("tidewatch.topic.concepts", Topics.DEFAULT_CONCEPTS, "Compacted topic of concept definitions."),
    TOPIC_CONTROL("tidewatch.topic.control", Topics.DEFAULT_CONTROL, "Topic of operator commands (reference re-pins), keyed by segment; needs the scored topic's partition count."),
    TOPIC_PARTITIONS("tidewatch.topic.partitions", "3", "Partitions of topics tidewatch creates when they are missing."),
    TOPIC_REPLICATION("tidewatch.topic.replication.factor", "1", "Replication factor of topics tidewatch creates."),
    CONCEPTS_FILE("tidewatch.concepts.file", "", "YAML concept catalog; empty means the built-in default catalog."),
    SEGMENT_LABELS("tidewatch.segment.labels", "model", "Comma-separated labels that make a segment: model, tenant, locale or attribute names."),
    BUCKET("tidewatch.bucket", "1m", "Event-time bucket length."),
    GRACE("tidewatch.grace", "30s", "How long after its end a bucket waits for late replies."),
    REFERENCE_DURATION("tidewatch.reference.duration", "24h", "Calibration period (event time) of each segment's anchored reference."),
    REFERENCE_HISTORY("tidewatch.reference.history", "30d", "How long hourly calibration sums are kept, i.e. how far back `reference pin` can re-anchor."),
    FALSE_ALARM_BUDGET("tidewatch.false.alarm.budget", "1/30d", "False alarms the whole deployment may raise, as COUNT/PERIOD."),
    EXPECTED_SEGMENTS("tidewatch.expected.segments", "10",
            "Segments the false-alarm budget is shared across (each has one stream per concept, plus one unexplained-shift stream)."),
    CUSUM_SHIFTS("tidewatch.cusum.shifts", "0.1,0.2,0.4,0.8", "Per-reply shifts, in reference spreads, that the bank of CUSUMs is tuned for."),
    LOWER_SIDE("tidewatch.lower.side", "false", "Also watch every concept for a drop (detectors cusum-lower, spike-lower, slow-lower)."),
    SLOW_HORIZON("tidewatch.slow.horizon", "24h", "Block length of the slow detector, which compares whole blocks with the reference."),
    UNEXPLAINED("tidewatch.unexplained", "true", "Carry reply embeddings and run the unexplained-shift detector."),
    UNEXPLAINED_WINDOW("tidewatch.unexplained.window", "1h", "Window of the unexplained-shift detector."),
    UNEXPLAINED_THEMES("tidewatch.unexplained.themes", "true",
            "Name each unexplained shift with the nearest themes of the shipped library (46 themes, embedded with the model at start)."),
    EXEMPLARS("tidewatch.exemplars", "5", "Replies carried as evidence on each alert."),
    PROMPTS_SCORED("tidewatch.prompts.scored", "true",
            "Embed each prompt whole and score it on the catalog too, so that the concept detectors judge each reply's score less what its "
                    + "prompt predicts, and concept alerts say how much of a move the prompts predict (cause: prompts, prompts-and-model or model). "
                    + "Off, references and detectors are of reply scores alone."),
    SCORING_MODE("tidewatch.scoring.mode", "sentence", "sentence: a reply's concept score is its highest-scoring sentence; reply: the whole reply is embedded once."),
    SOURCE_IDLE_TIMEOUT("tidewatch.source.idle.timeout", "30s",
            "How long (wall clock) an input partition must stay empty before its score task declares itself idle, so that buckets close without waiting for it."),
    MAX_FUTURE_SKEW("tidewatch.max.future.skew", "1h", "How far a turn's event time may lie after its Kafka record's timestamp; later turns are dead-lettered (timestamp-skew)."),
    BATCH_SIZE("tidewatch.batch.size", "32", "Replies per embedding batch."),
    BATCH_LINGER("tidewatch.batch.linger", "200ms", "Longest a reply waits (wall clock) for its batch to fill."),
    EXCERPT_CHARS("tidewatch.excerpt.chars", "280", "Characters of reply text carried to alert exemplars (0..280); 0 carries ids only."),
    EXCERPT_CHARS_BY("tidewatch.excerpt.chars.by", "",
            "Excerpt lengths for particular tenants, models or other labels, as label=value:chars, comma-separated (e.g. tenant=acme:0,tenant=globex:120); "
                    + "the first rule a turn matches replaces tidewatch.excerpt.chars for it."),
    SAMPLE_RATE("tidewatch.sample.rate", "1",
            "Share of conversations (0..1) whose turns are embedded and scored; the rest are counted (tidewatch_turns_seen_total) and go no further. "
                    + "A hash of the conversation id decides, so a replay scores the same conversations. Detection delays grow as the rate falls: "
                    + "see Sampling in docs/operations.md."),
    SAMPLE_RATE_BY("tidewatch.sample.rate.by", "",
            "Sample rates for particular tenants, models or other labels, as label=value:rate, comma-separated (e.g. tenant=acme:0.1,tenant=loadtest:0); "
                    + "the first rule a turn matches replaces tidewatch.sample.rate for it."),
    EMBEDDING_MODEL("tidewatch.embedding.model", "all-minilm-l6-v2",
            "Embedding model: all-minilm-l6-v2 (fp32), all-minilm-l6-v2-q (int8, faster), or hashing (a trivial word-hashing embedder for tests and benchmarks)."),
    EMBEDDING_CACHE("tidewatch.embedding.cache", "10000",
            "Distinct texts (sentences, prompts, short replies) whose embeddings the score stage keeps, so that a text repeated within that many "
                    + "is embedded once; each costs about 2 KB. 0 turns the cache off."),
    EMBEDDING_DEVICE("tidewatch.embedding.device", "cpu",
            "Where the model runs: cpu, or cuda / cuda:N for a GPU through ONNX Runtime's CUDA provider, which needs ONNX Runtime's GPU build "
                    + "(see Running on a GPU in docs/operations.md); without it, or without CUDA, the model runs on the CPU and the log says why."),
    EMBEDDING_THREADS("tidewatch.embedding.threads", "0", "ONNX Runtime intra-op threads; 0 means one per core, at most 4."),
    METRICS_HOST("tidewatch.metrics.host", "0.0.0.0", "Bind address of the Prometheus endpoint."),
    METRICS_PORT("tidewatch.metrics.port", "9404", "Port of the Prometheus endpoint (/metrics); 0 disables it.");

    private final String key;
    private final String defaultValue;
    private final String description;

    Setting(final String key, final String defaultValue, final String description) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String description() {
        return description;
    }

    /** Environment variable that sets this setting: {@code TIDEWATCH_} and the key without its {@code tidewatch.} prefix. */
    public String environmentVariable() {
        return AppConfig.ENV_PREFIX + key.replaceFirst("^tidewatch\\.", "").replace('.', '_').toUpperCase(java.util.Locale.ROOT);
    }
}
