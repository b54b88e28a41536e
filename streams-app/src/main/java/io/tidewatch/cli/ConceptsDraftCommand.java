package io.tidewatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.describe.ConceptDraft;
import io.tidewatch.describe.TermContrast;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.embed.Embedder;
import io.tidewatch.kafka.TopicDrain;
import io.tidewatch.kafka.TopicRangeCopy;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.replay.TurnFiles;
import io.tidewatch.replay.TurnFormat;
import io.tidewatch.topology.SegmentKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tidewatch concepts draft --from-alert ID}: turns an unexplained shift into a concept with
 * its own detectors. The alert names the terms its replies overuse; the replay's input holds the
 * replies themselves. Positives are the sentences that use those terms in the alert's window (its
 * exemplars' replies first), negatives sentences of the segment's earlier replies that use none.
 */
@Command(name = "draft", mixinStandardHelpOptions = true,
        description = {"Draft a concept from an unexplained-shift alert, check it as 'concepts check' does, and write it with the",
                "rest of the catalog, ready to publish.",
                "  positives: sentences using the alert's key terms, from its segment's replies in its window (its exemplars first);",
                "  negatives: sentences using none of them, from the segment's replies before the window.",
                "The alert and the replies come from a replay's --alerts-out file and input, or from the live cluster's",
                "alerts and turns topics (--config or --bootstrap-servers): the turns of the alert's window and of the",
                "reference duration before it, while the topic still holds them.",
                "Exit code: 0 when the draft passes the checks, 1 when it has a problem, 2 when the input cannot be used."},
        footer = {"", "Example:",
                "  ./tidewatch replay --input turns.jsonl --alerts-out alerts.jsonl",
                "  ./tidewatch concepts draft --from-alert 7c0f... --alerts alerts.jsonl --input turns.jsonl --out drafted.yaml",
                "  ./tidewatch concepts draft --from-alert 7c0f... --config tidewatch.properties --out drafted.yaml"})
final class ConceptsDraftCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--from-alert", paramLabel = "ALERT_ID", required = true, description = "Id of the unexplained-shift alert (alert_id).")
    String alertId;

    @Option(names = "--alerts", paramLabel = "FILE.jsonl", description = "Alert events, as replay --alerts-out writes them (with --input).")
    Path alerts;

    @Option(names = "--input", paramLabel = "FILE", description = "The replay's input; repeatable, read in the order given (with --alerts).")
    List<Path> input;

    @Mixin
    ClusterOptions cluster;

    @Mixin
    TurnFormatOption format;

    @Option(names = "--concepts", paramLabel = "FILE.yaml", description = "Catalog the draft joins; by default the built-in one.")
    Path concepts;

    @Option(names = "--out", paramLabel = "FILE.yaml", required = true, description = "Where to write the catalog with the drafted concept.")
    Path out;

    @Override
    public Integer call() {
        final boolean files = alerts != null || input != null;
        if (files == cluster.given() || files && (alerts == null || input == null)) {
            throw new ConfigException("give either --alerts and --input (a replay's alerts and input) or the live cluster "
                    + "(--config or --bootstrap-servers), not both");
        }
        final AppConfig settings = files ? null : cluster.settings();
        final JsonNode alert = files ? alertEvent(fileEvents(), "" + alerts) : alertEvent(topicEvents(settings),
                "topic " + settings.string(Setting.TOPIC_ALERTS));
        final Map<String, String> segment = JSON.convertValue(alert.get("segment"), JSON.getTypeFactory()
                .constructMapType(Map.class, String.class, String.class));
        final long windowStart = Instant.parse(alert.get("window_start").asText()).toEpochMilli();
        final long windowEnd = Instant.parse(alert.get("window_end").asText()).toEpochMilli();
        final Set<String> exemplars = new HashSet<>();
        alert.get("exemplars").forEach(e -> exemplars.add(e.get("conversation_id").asText() + "#" + e.get("turn").asInt()));
        final List<TermContrast> terms = new ArrayList<>();
        alert.get("description").get("terms").forEach(t -> terms.add(new TermContrast(t.get("term").asText(),
                t.get("shifted_replies").asLong(), t.get("reference_replies").asLong(), t.get("log_odds_ratio").asDouble(),
                t.get("z").asDouble())));

        final List<String> carriers = new ArrayList<>();
        final List<String> rest = new ArrayList<>();
        final List<String> reference = new ArrayList<>();
        final Consumer<ConversationTurn> sort = turn -> {
            if (!inSegment(turn, segment)) {
                return;
            }
            final long at = turn.getTimestamp().toEpochMilli();
            final String text = turn.getResponse();
            if (at < windowStart) {
                reference.add(text);
            } else if (at < windowEnd) {
                (exemplars.contains(turn.getConversationId() + "#" + turn.getTurn()) ? carriers : rest).add(text);
            }
        };
        if (files) {
            for (final Path file : input) {
                try {
                    TurnFiles.read(file, TurnFormat.forFile(format.value(), file), sort, rejected -> { });
                } catch (final IllegalArgumentException e) {
                    throw new ConfigException(e.getMessage());
                }
            }
        } else {
            // The turns topic is stamped with arrival time (decision 0003): the reference duration before the window, and the window.
            TopicRangeCopy.copy(settings, settings.string(Setting.TOPIC_TURNS),
                    Instant.ofEpochMilli(windowStart).minus(settings.duration(Setting.REFERENCE_DURATION)), Instant.ofEpochMilli(windowEnd)
                            .plus(settings.duration(Setting.GRACE)),
                    TidewatchApp.avroSerdes(settings).forType(ConversationTurn.class), sort, rejected -> { });
        }
        if (carriers.isEmpty() && rest.isEmpty() || reference.isEmpty()) {
            throw new ConfigException("the " + (files ? "input" : "turns topic") + " holds " + (carriers.size() + rest.size())
                    + " replies of segment " + SegmentKey.format(segment) + " in the alert's window and " + reference.size()
                    + " before it; a draft needs both: " + (files ? "pass the input the alerts were replayed from"
                    : "the topic's retention may have deleted them; replay a copy of that period instead"));
        }
        carriers.addAll(rest);
        final PrintWriter print = spec.commandLine().getOut();
        try (Embedder embedder = TidewatchApp.embedder(AppConfig.defaults())) {
            final List<ConceptSpec> specs = concepts == null ? ConceptCatalogFile.readDefault() : ConceptCatalogFile.read(concepts);
            final ConceptSpec drafted = ConceptDraft.from(terms, carriers, reference, "tidewatch concepts draft from alert " + alertId);
            return DraftedConcepts.writeAndCheck(drafted, specs, concepts, out, "tidewatch concepts draft", embedder,
                    reference.stream().distinct().toList(), print) ? 0 : 1;
        }
    }

    /** The alert events of the --alerts file, as JSON. */
    private List<JsonNode> fileEvents() {
        final List<JsonNode> events = new ArrayList<>();
        try (var lines = Files.lines(alerts)) {
            for (final Iterator<String> it = lines.iterator(); it.hasNext(); ) {
                final String line = it.next();
                if (!line.isBlank()) {
                    events.add(JSON.readTree(line));
                }
            }
        } catch (final NoSuchFileException e) {
            throw new ConfigException("--alerts " + alerts + " does not exist");
        } catch (final IOException | UncheckedIOException e) {
            throw new ConfigException("--alerts " + alerts + " is not alert events as JSON lines: " + e.getMessage());
        }
        return events;
    }

    /** The events of the alert on the live alerts topic (keyed by alert id), as the replay's file writes them. */
    private List<JsonNode> topicEvents(final AppConfig settings) {
        final Properties clients = settings.kafkaProperties();
        clients.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, settings.require(Setting.BOOTSTRAP_SERVERS));
        final String topic = settings.string(Setting.TOPIC_ALERTS);
        final AvroWireSerde<DriftAlert> serde = TidewatchApp.avroSerdes(settings).forType(DriftAlert.class);
        final List<JsonNode> events = new ArrayList<>();
        try {
            for (final ConsumerRecord<byte[], byte[]> record : TopicDrain.readAll(clients, topic)) {
                if (record.key() != null && alertId.equals(new String(record.key(), StandardCharsets.UTF_8)) && record.value() != null) {
                    events.add(RecordJson.toJson(serde.deserialize(topic, record.headers(), record.value())));
                }
            }
        } catch (final KafkaException e) {
            throw new ConfigException("cannot read the alerts topic " + topic + " at " + settings.string(Setting.BOOTSTRAP_SERVERS) + ": "
                    + e.getMessage());
        }
        return events;
    }

    /** The alert's last event that names key terms: the description an operator last read. */
    private JsonNode alertEvent(final List<JsonNode> events, final String source) {
        JsonNode found = null;
        JsonNode named = null;
        for (final JsonNode event : events) {
            if (alertId.equals(event.path("alert_id").asText())) {
                found = event;
                if (event.path("description").path("terms").size() > 0) {
                    named = event;
                }
            }
        }
        if (found == null) {
            throw new ConfigException("no alert " + alertId + " in " + source);
        }
        if (!SegmentMonitor.UNEXPLAINED_SHIFT.equals(found.path("detector").asText())) {
            throw new ConfigException("alert " + alertId + " is a " + found.path("detector").asText() + " alert on concept "
                    + found.path("concept").asText() + ", which is a concept already; only an unexplained shift is drafted");
        }
        if (named == null) {
            throw new ConfigException("alert " + alertId + " names no key terms (none stood out, or its reference predates term counting)"
                    + ", so there is nothing to draft a concept from");
        }
        return named;
    }

    private static boolean inSegment(final ConversationTurn turn, final Map<String, String> segment) {
        return segment.entrySet().stream().allMatch(label -> SegmentKey.labelValue(turn, label.getKey()).equals(label.getValue()));
    }
}
