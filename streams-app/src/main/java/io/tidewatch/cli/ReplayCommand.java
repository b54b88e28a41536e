package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Overrides;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.embed.Embedder;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.KafkaTopics;
import io.tidewatch.kafka.TopicDrain;
import io.tidewatch.kafka.TopicRangeCopy;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.replay.RejectedLine;
import io.tidewatch.replay.TurnFiles;
import io.tidewatch.replay.TurnFormat;
import io.tidewatch.report.HtmlReport;
import io.tidewatch.topology.Topics;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Replays historical turns through the same topology as live, on its own application id and
 * topics, then writes the alert events, the closed buckets and a report. When the input is
 * exhausted it marks the end of input on every partition of its scored topic, so the last
 * buckets close instead of being lost.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay historical logs through the live topology and write alerts, buckets and a report.",
        footer = {"", "Examples:",
                "  ./tidewatch replay --input logs/2026-10.jsonl --alerts-out alerts.jsonl --report report.html",
                "  ./tidewatch replay --input chats.jsonl --format openai --reference-duration 6h --stats-out stats.jsonl",
                "  ./tidewatch replay --bootstrap-servers kafka:9092 --from-topic chat.turns \\",
                "      --since 2026-10-01T00:00:00Z --until 2026-10-08T00:00:00Z --alerts-out alerts.jsonl"})
final class ReplayCommand implements Callable<Integer> {

    /** How long the replay waits without progress before it reports itself stalled. */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(10);

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--input", paramLabel = "FILE", required = true, description = "Input file; repeatable, read in the order given.")
        List<Path> inputs;

        @ArgGroup(exclusive = false)
        TopicRange topic;
    }

    static final class TopicRange {
        @Option(names = "--from-topic", paramLabel = "TOPIC", required = true, description = "Replay a time range of this topic (needs --bootstrap-servers).")
        String name;
        @Option(names = "--since", paramLabel = "T", required = true, converter = InstantConverter.class, description = "Start of the range (ISO-8601), inclusive.")
        Instant since;
        @Option(names = "--until", paramLabel = "T", required = true, converter = InstantConverter.class, description = "End of the range (ISO-8601), exclusive.")
        Instant until;
    }

    @Option(names = "--format", paramLabel = "jsonl|openai|avro", description = "Input format; by default .avro files are Avro and others JSON Lines.")
    String format;

    @Option(names = "--concepts", paramLabel = "FILE.yaml", description = "Concept catalog; by default the built-in one.")
    Path concepts;

    @Mixin
    DetectionOptions detection;

    @Option(names = "--alerts-out", paramLabel = "FILE.jsonl", description = "Write each alert event as one JSON line.")
    Path alertsOut;

    @Option(names = "--stats-out", paramLabel = "FILE.jsonl", description = "Write each closed bucket as one JSON line.")
    Path statsOut;

    @Option(names = "--report", paramLabel = "FILE.html", description = "Write a self-contained HTML report with charts.")
    Path report;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Run on this cluster (own application id and topics) instead of an embedded broker.")
    String bootstrapServers;

    @Option(names = "--partitions", defaultValue = "1", description = "Partitions of the replay's own topics. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--config", paramLabel = "FILE", description = "Settings file; TIDEWATCH_* variables and --set override it.")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override one setting; repeatable.")
    List<String> overrides = new ArrayList<>();

    @Override
    public Integer call() throws InterruptedException {
        if (partitions < 1) {
            throw new ConfigException("--partitions must be at least 1");
        }
        if (source.topic != null && bootstrapServers == null) {
            throw new ConfigException("--from-topic needs --bootstrap-servers");
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (EmbeddedKafka kafka = bootstrapServers == null ? EmbeddedKafka.start() : null) {
            final AppConfig settings = replayConfig(kafka == null ? bootstrapServers : kafka.bootstrapServers());
            final Outcome outcome = replay(settings, out);
            writeOutputs(settings, outcome, out);
        }
        return 0;
    }

    /** The replay's own application id and topics, so live state and live alerts are untouched. */
    private AppConfig replayConfig(final String bootstrap) {
        final String run = "tidewatch-replay-" + UUID.randomUUID().toString().substring(0, 8);
        AppConfig settings = (config == null ? AppConfig.defaults() : AppConfig.fromFile(config)).withEnvironment(System.getenv());
        if (settings.string(Setting.SCHEMA_REGISTRY_URL).isBlank() || source.inputs != null) {
            // File input is encoded by the replay itself: an in-memory registry serves it.
            settings = settings.with(Setting.SCHEMA_REGISTRY_URL, "mock://" + run, "replay");
        }
        settings = settings.with(Setting.APPLICATION_ID, run, "replay")
                .with(Setting.BOOTSTRAP_SERVERS, bootstrap, "--bootstrap-servers")
                .with(Setting.TOPIC_PARTITIONS, Integer.toString(partitions), "--partitions")
                .with(Setting.METRICS_PORT, "0", "replay");
        for (final Setting topic : List.of(Setting.TOPIC_TURNS, Setting.TOPIC_SCORED, Setting.TOPIC_ALERTS, Setting.TOPIC_STATS,
                Setting.TOPIC_DEAD_LETTERS, Setting.TOPIC_CONCEPTS, Setting.TOPIC_CONTROL)) {
            settings = settings.with(topic, run + "." + topic.defaultValue(), "replay");
        }
        if (concepts != null) {
            settings = settings.with(Setting.CONCEPTS_FILE, concepts.toString(), "--concepts");
        }
        return detection.applyTo(Overrides.apply(settings, overrides));
    }

    /** What the replay produced and read. */
    private record Outcome(long turns, long rejected, List<DriftAlert> alerts, List<SegmentStats> buckets) {
    }

    private Outcome replay(final AppConfig settings, final PrintWriter out) throws InterruptedException {
        final Topics topics = TidewatchApp.topics(settings);
        final Properties clients = TidewatchApp.streamsConfig(settings);
        KafkaTopics.ensure(clients, topics.all(), partitions, (short) settings.integer(Setting.TOPIC_REPLICATION));
        final AvroSerdes serdes = TidewatchApp.avroSerdes(settings);
        final Input input = produceInput(settings, topics.turns(), serdes, out);
        try (Embedder embedder = TidewatchApp.embedder(settings);
             TidewatchApp app = TidewatchApp.start(settings, embedder)) {
            final Progress progress = new Progress(out, "scoring", input.turns, System.console() != null);
            awaitScored(app, input.turns, progress);
            awaitCommitted(clients, settings.string(Setting.APPLICATION_ID), topics);
        }
        final AvroWireSerde<DriftAlert> alerts = serdes.forType(DriftAlert.class);
        final AvroWireSerde<SegmentStats> stats = serdes.forType(SegmentStats.class);
        return new Outcome(input.turns, input.rejected,
                TopicDrain.readAll(clients, topics.alerts()).stream().map(r -> alerts.deserialize(topics.alerts(), r.value())).toList(),
                TopicDrain.readAll(clients, topics.stats()).stream().map(r -> stats.deserialize(topics.stats(), r.value()))
                        .sorted(Comparator.comparing(SegmentStats::getWindowStart).thenComparing(SegmentStats::getSegmentKey)).toList());
    }

    /** Turns written to the replay's input topic. */
    private record Input(long turns, long rejected, long lastEventTime) {
    }

    private Input produceInput(final AppConfig settings, final String topic, final AvroSerdes serdes, final PrintWriter out) {
        final AvroWireSerde<ConversationTurn> serde = serdes.forType(ConversationTurn.class);
        final Tally tally = new Tally();
        try (TurnWriter writer = new TurnWriter(TidewatchApp.streamsConfig(settings), topic)) {
            final Consumer<ConversationTurn> send = turn -> {
                writer.send(turn.getConversationId(), turn.getTimestamp().toEpochMilli(), serde.serialize(topic, turn));
                tally.sent(turn.getTimestamp().toEpochMilli());
            };
            final Consumer<RejectedLine> reject = line -> {
                if (tally.rejected++ < 20) {
                    out.println("rejected " + line);
                }
            };
            if (source.inputs != null) {
                for (final Path file : source.inputs) {
                    read(file, send, reject);
                }
            } else {
                TopicRangeCopy.copy(settings, source.topic.name, source.topic.since, source.topic.until, serde, send, reject);
            }
            writer.markEndOfInput(tally.lastEventTime);
        }
        out.printf("read %d turns%s%n", tally.turns, tally.rejected == 0 ? "" : ", rejected " + tally.rejected + " " + rejectedWhat()
                + " (first 20 shown above)");
        if (tally.turns == 0) {
            throw new ConfigException("the input holds no turns to replay");
        }
        return new Input(tally.turns, tally.rejected, tally.lastEventTime);
    }

    /** What a rejected piece of the input is: a line of a file, or a record of a topic. */
    private String rejectedWhat() {
        return source.inputs != null ? "input lines" : "records";
    }

    private void read(final Path file, final Consumer<ConversationTurn> send, final Consumer<RejectedLine> reject) {
        try {
            TurnFiles.read(file, format == null ? TurnFormat.guess(file.toString()) : parseFormat(), send, reject);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Counts of the input as it is written. */
    private static final class Tally {
        private long turns;
        private long rejected;
        private long lastEventTime = Long.MIN_VALUE;

        void sent(final long eventTime) {
            turns++;
            lastEventTime = Math.max(lastEventTime, eventTime);
        }
    }

    private TurnFormat parseFormat() {
        try {
            return TurnFormat.parse(format);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException("--format: " + e.getMessage());
        }
    }

    /** Waits until every turn is scored or dead-lettered, or the app stops. */
    private static void awaitScored(final TidewatchApp app, final long turns, final Progress progress) throws InterruptedException {
        final Stall stall = new Stall("turns to score");
        long done;
        while ((done = app.metrics().turnsScored() + app.metrics().deadLettered()) < turns) {
            stall.check(turns - done);
            if (!app.streams().state().isRunningOrRebalancing()) {
                throw new IllegalStateException("replay failed: the app stopped (" + app.streams().state() + ") after " + done
                        + " of " + turns + " turns; its log above says why");
            }
            progress.update(done);
            Thread.sleep(200);
        }
        progress.done(done);
    }

    /**
     * Waits until the app has committed its position at the end of its input topics. The
     * end-of-input markers follow the turns, and a commit holds the heartbeats they caused on the
     * scored topic together with the turns' offsets; once both are committed past, every bucket
     * has closed.
     */
    private static void awaitCommitted(final Properties clients, final String group, final Topics topics) throws InterruptedException {
        final Stall stall = new Stall("records not yet committed");
        try (Admin admin = Admin.create(clients)) {
            long left;
            while ((left = KafkaTopics.uncommitted(admin, group, topics)) > 0) {
                stall.check(left);
                Thread.sleep(200);
            }
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot read the replay's progress: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * A replay may take hours, so a wait is called stalled only when what is left has not shrunk
     * for {@link #STALL_LIMIT}.
     */
    private static final class Stall {
        private final String what;
        private long least = Long.MAX_VALUE;
        private long since = System.nanoTime();

        Stall(final String what) {
            this.what = what;
        }

        void check(final long left) {
            if (left < least) {
                least = left;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException("replay stalled: " + left + " " + what + ", none done in the last "
                        + STALL_LIMIT.toMinutes() + " minutes");
            }
        }
    }

    private void writeOutputs(final AppConfig settings, final Outcome outcome, final PrintWriter out) {
        writeLines(alertsOut, outcome.alerts.stream().map(RecordJson::line).toList());
        writeLines(statsOut, outcome.buckets.stream().map(RecordJson::line).toList());
        if (report != null) {
            try {
                HtmlReport.write(report, "tidewatch replay", outcome.buckets, outcome.alerts);
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot write the report to " + report, e);
            }
        }
        out.printf("replay finished: %d turns, %d closed buckets, %d alert events%s%n", outcome.turns, outcome.buckets.size(),
                outcome.alerts.size(), outcome.rejected == 0 ? "" : ", " + outcome.rejected + " " + rejectedWhat() + " rejected");
        outcome.alerts.forEach(a -> out.println("ALERT " + a.getMessage() + "  [" + a.getAlertId() + "]"));
    }

    private static void writeLines(final Path file, final List<String> lines) {
        if (file == null) {
            return;
        }
        try (BufferedWriter writer = Files.newBufferedWriter(file)) {
            for (final String line : lines) {
                writer.write(line);
                writer.newLine();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** picocli converter for ISO-8601 instants. */
    static final class InstantConverter implements picocli.CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(final String value) {
            try {
                return Instant.parse(value);
            } catch (final java.time.format.DateTimeParseException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not an ISO-8601 instant such as 2026-10-01T00:00:00Z");
            }
        }
    }
}
