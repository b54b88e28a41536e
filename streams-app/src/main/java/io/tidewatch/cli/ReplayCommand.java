package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Overrides;
import io.tidewatch.app.Setting;
import io.tidewatch.detect.FalseAlarmBudget;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.replay.FalseAlarmCheck;
import io.tidewatch.replay.Replay;
import io.tidewatch.report.HtmlReport;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidewatch replay}: settles where the replay runs and with which settings, hands the
 * input to {@link Replay}, and writes the alert events, the closed buckets and a report.
 */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Replay historical logs through the live topology and write alerts, buckets and a report.",
        footer = {"", "Examples:",
                "  ./tidewatch replay --input logs/2026-10.jsonl --alerts-out alerts.jsonl --report report.html",
                "  ./tidewatch replay --input chats.jsonl --format openai --reference-duration 6h --stats-out stats.jsonl",
                "  ./tidewatch replay --bootstrap-servers kafka:9092 --from-topic chat.turns \\",
                "      --since 2026-10-01T00:00:00Z --until 2026-10-08T00:00:00Z --alerts-out alerts.jsonl"})
final class ReplayCommand implements Callable<Integer> {

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

    @Mixin
    TurnFormatOption format;

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
            final Replay.Outcome outcome = Replay.run(settings, partitions, input(), out);
            writeOutputs(outcome, settings, out);
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

    /** The input the flags name. */
    private Replay.Input input() {
        if (source.inputs == null) {
            return new Replay.FromTopic(source.topic.name, source.topic.since, source.topic.until);
        }
        return new Replay.FromFiles(source.inputs, format.value());
    }

    private void writeOutputs(final Replay.Outcome outcome, final AppConfig settings, final PrintWriter out) {
        writeLines(alertsOut, outcome.alerts().stream().map(RecordJson::line).toList());
        writeLines(statsOut, outcome.buckets().stream().map(RecordJson::line).toList());
        if (report != null) {
            try {
                HtmlReport.write(report, "tidewatch replay", outcome.buckets(), outcome.alerts());
            } catch (final IOException e) {
                throw new UncheckedIOException("cannot write the report to " + report, e);
            }
        }
        out.printf("replay finished: %d turns, %d closed buckets, %d alert events%s%n", outcome.turns(), outcome.buckets().size(),
                outcome.alerts().size(), outcome.rejected() == 0 ? "" : ", " + outcome.rejected() + " " + outcome.rejectedWhat() + " rejected");
        outcome.alerts().forEach(a -> out.println("ALERT " + a.getMessage() + "  [" + a.getAlertId() + "]"));
        out.println(FalseAlarmCheck.of(outcome.buckets(), outcome.alerts(),
                settings.typed(Setting.FALSE_ALARM_BUDGET, FalseAlarmBudget::parse, "a budget such as 1/30d"),
                settings.integer(Setting.EXPECTED_SEGMENTS)).line());
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
