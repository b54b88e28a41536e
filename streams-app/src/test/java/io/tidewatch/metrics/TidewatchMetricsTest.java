package io.tidewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.within;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.tidewatch.describe.TermContrast;
import io.tidewatch.detect.Alert;
import io.tidewatch.detect.AlertEvent;
import io.tidewatch.detect.ClosedBucket;
import io.tidewatch.detect.ConceptBucket;
import io.tidewatch.detect.Episode;
import io.tidewatch.detect.Finding;
import io.tidewatch.detect.LifecycleState;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.detect.ShiftNaming;
import io.tidewatch.stats.EmbeddingSums;
import io.tidewatch.stats.Moments;
import io.tidewatch.stats.PromptLine;
import io.tidewatch.stats.PromptPairs;
import io.tidewatch.stats.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TidewatchMetricsTest {

    private static final String CONCEPT = "model-rights-advocacy";
    /** μ = 0.10, σ² = 0.04, τ² = 0.0001. */
    private static final Reference REFERENCE = new Reference(0.10, 0.04, 0.0001, 0.00007, 30, 600);
    /** 16 replies with mean 0.15. */
    private static final Moments BUCKET = new Moments(16, 2.4, 1.0);

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final TidewatchMetrics metrics = new TidewatchMetrics(registry);

    private static ClosedBucket judged(final String segment) {
        return judged(segment, null);
    }

    /** A judged bucket; {@code shiftSize} non-null when it completed an unexplained-shift window. */
    private static ClosedBucket judged(final String segment, final Double shiftSize) {
        return new ClosedBucket(segment, 0, 60_000, BUCKET.count(), false, List.of(new ConceptBucket(
                CONCEPT, BUCKET, REFERENCE, REFERENCE.standardize(BUCKET), 1.5, 8.0)), shiftSize == null ? null : EmbeddingSums.empty(4),
                shiftSize, null);
    }

    private static SegmentState detectors(final String segment, final Episode cusumEpisode) {
        final SegmentState state = new SegmentState(segment);
        final SegmentState.ConceptTrack track = new SegmentState.ConceptTrack();
        track.reference = REFERENCE;
        track.upper.cusum = cusumEpisode;
        state.concepts.put(CONCEPT, track);
        return state;
    }

    private double value(final String series, final String segment) {
        return Scrape.values(registry, series).entrySet().stream().filter(e -> segment.equals(e.getKey().get("segment")))
                .mapToDouble(Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError("no " + series + " of " + segment));
    }

    @Test
    void theReferenceBandIsTheStandardErrorThatStandardisesTheBucket() {
        metrics.bucketClosed(judged("s"), detectors("s", null));

        // sqrt(σ²/n + τ²) = sqrt(0.04/16 + 0.0001) = sqrt(0.0026)
        final double standardError = value("tidewatch_bucket_standard_error_score", "s");
        assertThat(standardError).isCloseTo(Math.sqrt(0.0026), within(1e-12));
        assertThat((value("tidewatch_bucket_judged_mean_score", "s") - value("tidewatch_reference_mean_score", "s")) / standardError)
                .isCloseTo(value("tidewatch_standardized_statistic", "s"), within(1e-12));
    }

    /** With a prompt line the band is for the prompt-adjusted mean, which z is of, not for the bucket's own mean. */
    @Test
    void withAPromptLineTheBandIsForTheAdjustedMean() {
        final Reference adjusted = new Reference(0.10, 0.04, 0.0001, 0.00007, 30, 600, 1.0, new PromptLine(0.5, 0.02));
        final PromptPairs prompts = PromptPairs.empty().plus(0.4, 0.3).plus(0.3, 0.2).plus(0.2, 0.1);
        final ClosedBucket bucket = new ClosedBucket("s", 0, 60_000, BUCKET.count(), false, List.of(new ConceptBucket(CONCEPT, BUCKET, adjusted,
                adjusted.standardize(adjusted.judged(BUCKET, prompts)), 1.5, 8.0, prompts)), null, null, null);
        metrics.bucketClosed(bucket, detectors("s", null));

        // Three prompts 0.28 above the line's mean on average: the prompts predict 0.5 × 0.28 × 3/16 of the bucket's mean.
        assertThat(value("tidewatch_bucket_mean_score", "s") - value("tidewatch_bucket_judged_mean_score", "s"))
                .isCloseTo(0.5 * (0.9 - 3 * 0.02) / BUCKET.count(), within(1e-12));
        assertThat((value("tidewatch_bucket_judged_mean_score", "s") - value("tidewatch_reference_mean_score", "s"))
                / value("tidewatch_bucket_standard_error_score", "s")).isCloseTo(value("tidewatch_standardized_statistic", "s"), within(1e-12));
    }

    @Test
    void alertActiveReadsTheDetectorStateSoANewOwnerShowsAnEpisodeOpenedElsewhere() {
        metrics.bucketClosed(judged("quiet"), detectors("quiet", null));
        // No OPEN event reaches these metrics: the episode opened on the instance that owned the segment before.
        metrics.bucketClosed(judged("alarmed"), detectors("alarmed", new Episode("a1", 0, 1, 0, null)));

        assertThat(value("tidewatch_alert_active", "quiet")).isZero();
        assertThat(value("tidewatch_alert_active", "alarmed")).isOne();
    }

    @Test
    void aCalibratingStreamShowsItsBucketMeanAndNoDetectorYet() {
        final ClosedBucket calibrating = new ClosedBucket("s", 0, 60_000, BUCKET.count(), true,
                List.of(new ConceptBucket(CONCEPT, BUCKET, null, null, null, null)), null, null, null);
        metrics.bucketClosed(calibrating, new SegmentState("s"));

        assertThat(value("tidewatch_bucket_mean_score", "s")).isCloseTo(0.15, within(1e-12));
        assertThat(Scrape.values(registry, "tidewatch_cusum_statistic")).isEmpty();
        assertThat(Scrape.values(registry, "tidewatch_alert_active")).isEmpty();
    }

    @Test
    void releasingASegmentDropsEverySeriesTheDetectStageExportsForItAndNothingElse() {
        for (final String segment : List.of("moved", "kept")) {
            metrics.bucketClosed(judged(segment, 2.0), detectors(segment, null));
            metrics.lateTurns(segment, 1);
            metrics.turnScored(segment, Instant.now());
        }

        metrics.segmentReleased("moved");

        // Scoring is spread by conversation, not by segment: its counter stays with the scoring instance.
        assertThat(segmentsOf("tidewatch_turns_scored_total")).containsExactlyInAnyOrder("moved", "kept");
        for (final String series : List.of("tidewatch_bucket_mean_score", "tidewatch_bucket_judged_mean_score", "tidewatch_bucket_standard_error_score",
                "tidewatch_reference_mean_score", "tidewatch_reference_spread_score", "tidewatch_standardized_statistic",
                "tidewatch_cusum_statistic", "tidewatch_cusum_threshold", "tidewatch_alert_active",
                "tidewatch_unexplained_shift_size", "tidewatch_late_turns_total", "tidewatch_concept_calibrating",
                "tidewatch_monitored_streams")) {
            // alert_active has one series per detector (cusum, spike, slow); each belongs to "kept".
            assertThat(segmentsOf(series)).as(series).isNotEmpty().containsOnly("kept");
        }
    }

    private static Alert shiftEvent(final String segment, final LifecycleState state, final String... terms) {
        final List<TermContrast> named = java.util.Arrays.stream(terms).map(t -> new TermContrast(t, 40, 2, 2.0, 8.0)).toList();
        return new Alert(new AlertEvent("shift-" + segment, state, 0, 60_000, 0.0, 0.0, 0), segment, 60_000,
                new Finding(SegmentMonitor.UNEXPLAINED_SHIFT, null, 4.0, 3.0, 0, 0.02, 0.0, 0.1, 500, List.of(), List.of(), Map.of(),
                        new ShiftNaming(List.of(), named, null)));
    }

    @Test
    void anOpenUnexplainedShiftIsOneSeriesLabelledWithItsLatestFirstThreeKeyTermsUntilItResolves() {
        metrics.alert(shiftEvent("s", LifecycleState.OPEN));
        metrics.alert(shiftEvent("t", LifecycleState.OPEN, "quillory", "handy app"));
        assertThat(Scrape.values(registry, "tidewatch_unexplained_shift_terms"))
                .containsOnly(entry(Map.of("segment", "s", "terms", "(none)"), 1.0), entry(Map.of("segment", "t", "terms", "quillory, handy app"), 1.0));

        metrics.alert(shiftEvent("s", LifecycleState.UPDATE, "physical gold", "gold", "store of wealth", "safe"));
        metrics.alert(shiftEvent("t", LifecycleState.RESOLVED, "quillory"));
        assertThat(Scrape.values(registry, "tidewatch_unexplained_shift_terms"))
                .containsOnly(entry(Map.of("segment", "s", "terms", "physical gold, gold, store of wealth"), 1.0));

        metrics.segmentReleased("s");
        assertThat(Scrape.values(registry, "tidewatch_unexplained_shift_terms")).isEmpty();
    }

    @Test
    void aBucketThatCompletesAShiftWindowSetsTheShiftSizeAndOneThatDoesNotKeepsIt() {
        metrics.bucketClosed(judged("s", 3.25), detectors("s", null));
        metrics.bucketClosed(judged("s", null), detectors("s", null));

        assertThat(value("tidewatch_unexplained_shift_size", "s")).isEqualTo(3.25);
    }

    @Test
    void monitoredStreamsCountTheSegmentsConceptsAndItsShiftStreamAgainstTheBudgetsCount() {
        metrics.expect(List.of(SegmentMonitor.CUSUM), List.of("undecodable"), 12);
        metrics.bucketClosed(judged("with-embeddings", 0.0), detectors("with-embeddings", null));
        metrics.bucketClosed(judged("scores-only"), detectors("scores-only", null));

        assertThat(value("tidewatch_monitored_streams", "with-embeddings")).isEqualTo(2);
        assertThat(value("tidewatch_monitored_streams", "scores-only")).isEqualTo(1);
        assertThat(Scrape.values(registry, "tidewatch_false_alarm_budget_streams")).containsValue(12.0);
    }

    @Test
    void everyDeadLetterReasonAndAlertEventIsExportedAtZeroBeforeItHappens() {
        metrics.expect(List.of(SegmentMonitor.CUSUM, SegmentMonitor.UNEXPLAINED_SHIFT), List.of("undecodable", "missing-model"), 12);

        assertThat(Scrape.values(registry, "tidewatch_dead_letters_total")).hasSize(2).containsOnlyKeys(
                Map.of("reason", "undecodable"), Map.of("reason", "missing-model")).allSatisfy((labels, value) -> assertThat(value).isZero());
        // Three lifecycle states of each detector, and the audit records of re-pins.
        assertThat(Scrape.values(registry, "tidewatch_alert_events_total")).hasSize(2 * 3 + 1).containsKey(
                Map.of("detector", SegmentMonitor.REFERENCE_PIN, "state", "AUDIT")).allSatisfy((labels, value) -> assertThat(value).isZero());
    }

    private List<String> segmentsOf(final String series) {
        return Scrape.values(registry, series).keySet().stream().map(labels -> labels.get("segment")).toList();
    }

    @Test
    void theScoreLagIsTheAgeOfTheTurnWhenItIsScored() {
        metrics.turnScored("s", Instant.now().minus(Duration.ofHours(2)));

        final HistogramSnapshot.HistogramDataPointSnapshot lag = registry.scrape().stream()
                .filter(s -> s.getMetadata().getPrometheusName().equals("tidewatch_turn_score_lag_seconds"))
                .map(s -> ((HistogramSnapshot) s).getDataPoints().get(0)).findFirst().orElseThrow();
        assertThat(lag.getCount()).isOne();
        // At least two hours; the next bucket boundary (4 h) is far beyond any test's run time.
        assertThat(lag.getSum()).isBetween(7200.0, 14400.0);
    }
}
