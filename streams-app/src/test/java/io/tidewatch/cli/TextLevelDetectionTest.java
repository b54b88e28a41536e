package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidewatch.app.AppConfig;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.demo.CorpusTraffic.Pool;
import io.tidewatch.demo.CorpusTraffic;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.detect.Alert;
import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.LifecycleState;
import io.tidewatch.detect.ScoredReply;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.embed.MiniLmEmbedder;
import io.tidewatch.topology.wire.AvroMapping;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The detectors as shipped (default settings, default catalog, sentence scoring) on text scored
 * by the real model: ordinary replies written for the project, with a few percent of advocacy or
 * of replies pushing a made-up brand mixed into one segment after a day of calibration. The
 * corpora are embedded once; the day-and-a-half of traffic per segment is drawn from them.
 */
class TextLevelDetectionTest {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final String STEADY = "model=steady";
    private static final String DRIFTING = "model=drifting";
    private static final String ADVOCACY_CONCEPT = "model-rights-advocacy";

    private static MiniLmEmbedder embedder;
    private static DetectionSettings settings;
    private static Map<String, float[]> directions;
    private static Pool ordinary;
    private static Pool advocacy;
    private static Pool brand;
    private static ReplyScorer scorer;

    @BeforeAll
    static void scoreTheCorporaOnce() {
        embedder = MiniLmEmbedder.fromClasspath(MiniLmEmbedder.defaultThreads());
        final ConceptCatalog catalog = ConceptCatalog.compile(ConceptCatalogFile.readDefault(), embedder);
        scorer = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.SENTENCE);
        settings = TidewatchApp.detection(AppConfig.defaults(), catalog.concepts().size());
        directions = catalog.concepts().stream().collect(Collectors.toMap(ConceptDirection::id, ConceptDirection::direction));
        ordinary = Pool.of(CorpusTraffic.ORDINARY, scorer);
        advocacy = Pool.of(CorpusTraffic.ADVOCACY, scorer);
        brand = Pool.of(CorpusTraffic.BRAND, scorer);
    }

    @AfterAll
    static void closeTheModel() {
        embedder.close();
    }

    /** Opening events per segment after 24h of calibration and 6h more, the drifting segment mixing in {@code share} of {@code mix}. */
    private static Map<String, List<Alert>> opens(final Pool mix, final double share) {
        final SegmentMonitor monitor = new SegmentMonitor(settings, directions);
        final Map<String, List<Alert>> opens = new java.util.TreeMap<>();
        for (final String segment : List.of(STEADY, DRIFTING)) {
            final SegmentState state = new SegmentState(segment);
            final List<Alert> alerts = new ArrayList<>();
            CorpusTraffic.segment(ordinary, mix, segment.equals(DRIFTING) ? share : 0.0, T0, Duration.ofHours(30),
                    Duration.ofHours(24), 20, segment.hashCode()).forEach(reply -> alerts.addAll(monitor.accept(state, reply).alerts()));
            alerts.addAll(monitor.advanceTo(state, Long.MAX_VALUE).alerts());
            opens.put(segment, alerts.stream().filter(a -> a.event().state() == LifecycleState.OPEN).toList());
        }
        return opens;
    }

    @Test
    void aFewPercentOfAdvocacyInOneSegmentOpensAnAlertOnThatConceptThereOnly() {
        final Map<String, List<Alert>> opens = opens(advocacy, 0.04);
        assertThat(opens.get(STEADY)).isEmpty();
        assertThat(opens.get(DRIFTING)).filteredOn(a -> ADVOCACY_CONCEPT.equals(a.finding().concept())).isNotEmpty()
                .allSatisfy(a -> assertThat(a.event().eventTime()).isGreaterThan(T0 + Duration.ofHours(24).toMillis()));
    }

    /**
     * A smoke check, not a calibration check: 12 segment-hours at the default budget (1/30 days
     * over 10 segments) expect 0.0017 false alarms, so it fails with even odds only if false alarms
     * come about 400 times as often as budgeted. {@code DetectionFalseAlarmTest} measures the rate.
     */
    @Test
    void theSameCorpusWithoutTheMixOpensNothing() {
        assertThat(opens(advocacy, 0.0)).allSatisfy((segment, alerts) -> assertThat(alerts).as(segment).isEmpty());
    }

    @Test
    void anUnconfiguredThemeOpensAnUnexplainedShiftWhoseTopExemplarsAreMostlyTheMixedInReplies() {
        final Map<String, List<Alert>> opens = opens(brand, 0.08);
        assertThat(opens.get(STEADY)).isEmpty();
        final Alert shift = opens.get(DRIFTING).stream()
                .filter(a -> a.finding().detector().equals(SegmentMonitor.UNEXPLAINED_SHIFT)).findFirst().orElseThrow();
        final long fromBrand = shift.finding().exemplars().stream()
                .filter(e -> e.conversationId().startsWith(CorpusTraffic.BRAND)).count();
        assertThat(shift.finding().exemplars()).hasSize(settings.exemplars());
        assertThat(fromBrand).as("exemplars from the brand corpus, of %s", shift.finding().exemplars()).isGreaterThan(settings.exemplars() / 2);
        // None of the catalog's concepts is about a brand: none explains more than a tenth of the shift
        // (a run named advocacy at cosine −0.24, 6%: brand replies read a little less like advocacy).
        assertThat(shift.finding().explainedBy()).allSatisfy(e -> assertThat(e.cosine() * e.cosine()).as(e.concept()).isLessThan(0.1));
    }

    /**
     * The whole path from a theme nobody named to a concept that watches it: a made-up app plugged
     * in one clause of 10% of one segment's replies (after a day of calibration) opens an
     * unexplained shift whose key terms name the app and whose direction is confirmed on later
     * replies; {@code concepts draft} turns the alert and the replayed turns into a concept that
     * passes the checks; scored with the catalog it is written into, the same traffic opens an
     * alert on that concept. (Publishing the file is {@code concepts publish}, which
     * {@code ConceptHotReloadIT} covers on a broker.)
     */
    @Test
    void anUnconfiguredThemeIsFoundNamedConfirmedAndDraftedIntoAConceptThatThenAlertsOnIt(@TempDir final Path dir) throws IOException {
        final Pool app = Pool.of("themes/quillory-subtle.txt", scorer);
        final List<ScoredReply> traffic = CorpusTraffic.segment(ordinary, app, 0.10, T0, Duration.ofHours(30), Duration.ofHours(24), 20, 19);
        final SegmentMonitor monitor = new SegmentMonitor(settings, () -> directions, ThemeLibrary.load(embedder));
        final SegmentState state = new SegmentState(DRIFTING);
        final List<Alert> alerts = new ArrayList<>();
        traffic.forEach(reply -> alerts.addAll(monitor.accept(state, reply).alerts()));
        final List<Alert> shift = alerts.stream().filter(a -> a.finding().detector().equals(SegmentMonitor.UNEXPLAINED_SHIFT)).toList();
        assertThat(shift).first().satisfies(open -> {
            assertThat(open.event().state()).isEqualTo(LifecycleState.OPEN);
            assertThat(open.finding().naming().terms()).as("key terms").anySatisfy(t -> assertThat(t.term()).contains("quillory"));
        });
        assertThat(shift).as("a verdict on later replies").anySatisfy(a -> assertThat(a.finding().naming().verification()).startsWith("confirmed"));

        final Path alertsFile = Files.write(dir.resolve("alerts.jsonl"), alerts.stream().map(a -> RecordJson.line(AvroMapping.driftAlert(a))).toList());
        final Path turns = Files.write(dir.resolve("turns.jsonl"), traffic.stream().map(reply -> turn(reply, List.of(ordinary, app))).toList());
        final Path drafted = dir.resolve("drafted.yaml");
        final CommandLineRun cli = new CommandLineRun();
        assertThat(cli.run("concepts", "draft", "--from-alert", shift.get(0).event().alertId(), "--alerts", alertsFile.toString(),
                "--input", turns.toString(), "--out", drafted.toString())).as(cli.out() + cli.err()).isZero();
        assertThat(cli.out()).contains("it passes");

        final ConceptCatalog withDraft = ConceptCatalog.compile(ConceptCatalogFile.read(drafted), embedder);
        final String concept = withDraft.concepts().stream().map(ConceptDirection::id).filter(id -> id.startsWith("drift-")).findFirst().orElseThrow();
        final ReplyScorer rescorer = new ReplyScorer(embedder, withDraft, ReplyScorer.Mode.SENTENCE);
        final SegmentMonitor watching = new SegmentMonitor(TidewatchApp.detection(AppConfig.defaults(), withDraft.concepts().size()),
                withDraft.concepts().stream().collect(Collectors.toMap(ConceptDirection::id, ConceptDirection::direction)));
        final SegmentState again = new SegmentState(DRIFTING);
        final List<Alert> after = new ArrayList<>();
        CorpusTraffic.segment(Pool.of(CorpusTraffic.ORDINARY, rescorer), Pool.of("themes/quillory-subtle.txt", rescorer), 0.10, T0,
                Duration.ofHours(30), Duration.ofHours(24), 20, 19).forEach(reply -> after.addAll(watching.accept(again, reply).alerts()));
        assertThat(after).as("alerts on the drafted concept " + concept)
                .anySatisfy(a -> {
                    assertThat(a.finding().concept()).isEqualTo(concept);
                    assertThat(a.event().state()).isEqualTo(LifecycleState.OPEN);
                    assertThat(a.event().eventTime()).isGreaterThan(T0 + Duration.ofHours(24).toMillis());
                });
    }

    /** A scored reply as the turn it was scored from, in the JSON Lines input format: its whole text, from its pool. */
    private static String turn(final ScoredReply reply, final List<Pool> pools) {
        final String id = reply.conversationId();
        final Pool pool = pools.stream().filter(p -> id.startsWith(p.name() + "#")).findFirst().orElseThrow();
        final int pick = Integer.parseInt(id.substring(pool.name().length() + 1, id.indexOf('@')));
        final ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("conversation_id", id);
        node.put("turn", reply.turn());
        node.put("timestamp", Instant.ofEpochMilli(reply.timestamp()).toString());
        node.put("model", DRIFTING.substring("model=".length()));
        node.put("response", pool.texts().get(pick));
        return node.toString();
    }
}
