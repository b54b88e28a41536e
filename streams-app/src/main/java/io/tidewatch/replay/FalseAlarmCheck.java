package io.tidewatch.replay;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.detect.FalseAlarmBudget;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a replay says about the false-alarm budget on the operator's own traffic: the alerts that
 * opened, against what the budget allows for the time the segments were watched (from each
 * segment's first bucket after calibration to its last). On a replay of logs with no known change,
 * more alerts than allowed mean the settings would page more often than budgeted on that traffic.
 *
 * @param opened       alerts opened (OPEN events)
 * @param watchedDays  segment-days watched after calibration
 * @param allowed      alerts the budget allows for that time: its alarms × watched time / (period × expected segments)
 */
public record FalseAlarmCheck(long opened, double watchedDays, double allowed) {

    public static FalseAlarmCheck of(final List<SegmentStats> buckets, final List<DriftAlert> alerts, final FalseAlarmBudget budget,
                                     final int expectedSegments) {
        final Map<String, long[]> spans = new HashMap<>();
        for (final SegmentStats b : buckets) {
            if (!b.getCalibrating()) {
                final long[] span = spans.computeIfAbsent(b.getSegmentKey(), k -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE});
                span[0] = Math.min(span[0], b.getWindowStart().toEpochMilli());
                span[1] = Math.max(span[1], b.getWindowEnd().toEpochMilli());
            }
        }
        final long watchedMillis = spans.values().stream().mapToLong(s -> s[1] - s[0]).sum();
        final long opened = alerts.stream().filter(a -> a.getState() == AlertState.OPEN).count();
        final double allowed = budget.alarms() * watchedMillis / (double) budget.per().toMillis() / Math.max(1, expectedSegments);
        return new FalseAlarmCheck(opened, watchedMillis / (double) Duration.ofDays(1).toMillis(), allowed);
    }

    /** One line for the console. */
    public String line() {
        return String.format(Locale.ROOT, "false-alarm check: %d alert(s) opened over %.1f segment-days watched after calibration; "
                + "if this traffic holds no real change, the budget allows %.2f%s", opened, watchedDays, allowed,
                opened <= allowed ? "" : String.format(Locale.ROOT, " (%.1f times as many opened: on traffic like this the settings "
                        + "would page more often than budgeted)", allowed > 0 ? opened / allowed : Double.POSITIVE_INFINITY));
    }
}
