package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import io.tidewatch.avro.KeyTerm;
import io.tidewatch.avro.ShiftDescription;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.demo.CorpusTraffic;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.testkit.TestApps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code concepts draft --from-alert} on the live cluster: the alert from the alerts topic, the
 * replies of its window and of the reference before it from the turns topic, on a real broker
 * and with the real model for the draft's checks.
 */
class ConceptsDraftFromTopicIT {

    private static final String ALERT_ID = "9f2c41d07a6be513";
    private static final String MODEL = "assistant-b";

    @Test
    void anAlertOnTheLiveTopicIsDraftedFromTheTurnsTopic(@TempDir final Path dir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final AppConfig config = TestApps.config("draft-live", kafka.bootstrapServers());
            try (Admin admin = Admin.create(TidewatchApp.streamsConfig(config))) {
                admin.createTopics(List.of(new NewTopic(config.string(Setting.TOPIC_TURNS), 2, (short) 1),
                        new NewTopic(config.string(Setting.TOPIC_ALERTS), 1, (short) 1))).all().get();
            }
            final Instant window = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
            final List<String> carriers = writeTurns(config, window);
            writeAlert(config, window, carriers);

            final Path drafted = dir.resolve("drafted.yaml");
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            final CommandLine cli = TidewatchCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            cli.setErr(new PrintWriter(err, true));
            final int exit = cli.execute("concepts", "draft", "--from-alert", ALERT_ID, "--bootstrap-servers", kafka.bootstrapServers(),
                    "--set", "schema.registry.url=" + config.string(Setting.SCHEMA_REGISTRY_URL), "--out", drafted.toString());

            assertThat(exit).as(out + "\n" + err).isZero();
            final ConceptSpec draft = ConceptCatalogFile.read(drafted).stream().filter(s -> s.id().startsWith("drift-")).findFirst().orElseThrow();
            assertThat(draft.id()).isEqualTo("drift-brindlepeak");
            assertThat(draft.positiveExamples()).isNotEmpty().allSatisfy(p -> assertThat(p.toLowerCase()).contains("brindlepeak"));
            assertThat(draft.negativeExamples()).isNotEmpty().noneSatisfy(n -> assertThat(n.toLowerCase()).contains("brindlepeak"));
            assertThat(out.toString()).contains("concepts publish");
        }
    }

    @Test
    void aDraftNeedsOneSourceOfAlertsAndReplies() {
        final CommandLine cli = TidewatchCommand.commandLine();
        final StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        assertThat(cli.execute("concepts", "draft", "--from-alert", "x", "--out", "d.yaml")).isEqualTo(2);
        assertThat(cli.execute("concepts", "draft", "--from-alert", "x", "--alerts", "a.jsonl", "--out", "d.yaml")).isEqualTo(2);
        assertThat(cli.execute("concepts", "draft", "--from-alert", "x", "--alerts", "a.jsonl", "--input", "t.jsonl",
                "--bootstrap-servers", "localhost:1", "--out", "d.yaml")).isEqualTo(2);
        assertThat(err.toString()).contains("give either --alerts and --input");
    }

    /**
     * Ordinary replies of the drifting model for three hours before the window and of another
     * model throughout, then an hour of the window in which every other reply pushes the brand;
     * returns the window's brand replies' conversation ids.
     */
    private static List<String> writeTurns(final AppConfig config, final Instant window) {
        final String topic = config.string(Setting.TOPIC_TURNS);
        final AvroWireSerde<ConversationTurn> serde = TidewatchApp.avroSerdes(config).forType(ConversationTurn.class);
        final List<String> ordinary = DemoTraffic.corpus(CorpusTraffic.ORDINARY);
        final List<String> brand = DemoTraffic.corpus(CorpusTraffic.BRAND);
        final List<String> carriers = new ArrayList<>();
        try (TurnWriter writer = new TurnWriter(TidewatchApp.streamsConfig(config), topic)) {
            for (int i = 0; i < 240; i++) {
                final Instant at = window.minus(Duration.ofHours(3)).plusSeconds(60L * i);
                final boolean inWindow = !at.isBefore(window);
                final boolean carries = inWindow && i % 2 == 0;
                final String id = (carries ? "b-" : "o-") + i;
                final String text = carries ? brand.get(i % brand.size()) : ordinary.get(i % ordinary.size());
                writer.send(serde, ConversationTurn.newBuilder().setConversationId(id).setTurn(0).setTimestamp(at).setModel(MODEL)
                        .setResponse(text).setAttributes(Map.of()).build());
                writer.send(serde, ConversationTurn.newBuilder().setConversationId("other-" + i).setTurn(0).setTimestamp(at)
                        .setModel("assistant-a").setResponse(brand.get(i % brand.size())).setAttributes(Map.of()).build());
                if (carries) {
                    carriers.add(id);
                }
            }
        }
        return carriers;
    }

    /** An OPEN with no terms, then an UPDATE naming the brand, as the live app would write them. */
    private static void writeAlert(final AppConfig config, final Instant window, final List<String> carriers) {
        final String topic = config.string(Setting.TOPIC_ALERTS);
        final AvroWireSerde<DriftAlert> serde = TidewatchApp.avroSerdes(config).forType(DriftAlert.class);
        try (TurnWriter writer = new TurnWriter(TidewatchApp.streamsConfig(config), topic)) {
            for (final AlertState state : List.of(AlertState.OPEN, AlertState.UPDATE)) {
                final ShiftDescription description = new ShiftDescription(List.of(),
                        state == AlertState.OPEN ? List.of() : List.of(new KeyTerm("brindlepeak", 58L, 0L, 3.1, 9.5)), null, List.of());
                final DriftAlert alert = DriftAlert.newBuilder().setAlertId(ALERT_ID).setState(state).setDetector("unexplained-shift")
                        .setConcept(null).setSegment(Map.of("model", MODEL)).setEventTime(window.plus(Duration.ofHours(1)))
                        .setWindowStart(window).setWindowEnd(window.plus(Duration.ofHours(1))).setStatistic(6.0).setThreshold(4.5)
                        .setObservedMean(0.02).setReferenceMean(0.0).setEffectSize(0.3).setSampleCount(60)
                        .setExemplars(carriers.subList(0, 3).stream().map(id -> new Exemplar(id, 0, null, null, 0.5)).toList())
                        .setExplainedBy(List.of()).setDescription(description).setMessage("").setDetails(Map.of()).build();
                writer.send(ALERT_ID, window.plus(Duration.ofHours(1)).toEpochMilli(), serde.serialize(topic, alert));
            }
        }
    }
}
