package io.tidewatch.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.detect.FalseAlarmBudget;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The replay's false-alarm check: alerts opened against what the budget allows for the time watched after calibration. */
class FalseAlarmCheckTest {

    private static final Instant T0 = Instant.parse("2026-05-01T00:00:00Z");

    @Test
    void countsOpenedAlertsAgainstTheBudgetForEachSegmentsWatchedSpan() {
        final List<SegmentStats> buckets = new ArrayList<>();
        // Segment a: calibrates for a day, then is watched for 9 days; segment b is watched for 5 days, with a gap.
        buckets.add(bucket("model=a", T0, Duration.ofDays(1), true));
        buckets.add(bucket("model=a", T0.plus(Duration.ofDays(1)), Duration.ofDays(9), false));
        buckets.add(bucket("model=b", T0.plus(Duration.ofDays(1)), Duration.ofDays(2), false));
        buckets.add(bucket("model=b", T0.plus(Duration.ofDays(5)), Duration.ofDays(1), false));
        final List<DriftAlert> alerts = List.of(alert(AlertState.OPEN), alert(AlertState.UPDATE), alert(AlertState.RESOLVED),
                alert(AlertState.OPEN), alert(AlertState.OPEN));

        final FalseAlarmCheck check = FalseAlarmCheck.of(buckets, alerts, FalseAlarmBudget.parse("1/30d"), 10);

        assertThat(check.opened()).isEqualTo(3);
        assertThat(check.watchedDays()).isCloseTo(14.0, within(1e-12));
        // 1 alarm per 30 days across 10 segments: 14 segment-days allow 14 / 300.
        assertThat(check.allowed()).isCloseTo(14.0 / 300, within(1e-12));
        assertThat(check.line()).startsWith("false-alarm check: 3 alert(s) opened over 14.0 segment-days watched after calibration;")
                .contains("the budget allows 0.05 (64.3 times as many opened");
        assertThat(new FalseAlarmCheck(0, 14.0, 14.0 / 300).line()).endsWith("the budget allows 0.05");
    }

    private static SegmentStats bucket(final String key, final Instant start, final Duration length, final boolean calibrating) {
        return SegmentStats.newBuilder().setSegment(Map.of()).setSegmentKey(key).setWindowStart(start).setWindowEnd(start.plus(length))
                .setCount(1).setCalibrating(calibrating).setConcepts(List.of()).build();
    }

    private static DriftAlert alert(final AlertState state) {
        return DriftAlert.newBuilder().setAlertId("a").setState(state).setDetector("cusum").setConcept("tone").setSegment(Map.of())
                .setEventTime(T0).setWindowStart(T0).setWindowEnd(T0).setStatistic(1).setThreshold(1).setObservedMean(0).setReferenceMean(0)
                .setEffectSize(0).setSampleCount(1).setExemplars(List.of()).setExplainedBy(List.of()).setDetails(Map.of()).setMessage("m").build();
    }
}
