package io.tidewatch.detect;

import io.tidewatch.stats.ScoreModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Feeds one segment's monitor whole buckets of a synthetic concept ("tone": 40 replies per
 * one-minute bucket, σ = 0.1, no overdispersion) and keeps what it emits.
 */
final class MonitorDriver {

    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    static final long MINUTE = 60_000L;
    static final String CONCEPT = "tone";
    static final ScoreModel MODEL = new ScoreModel(40, 0.0, 0.1, 0.0);

    final SegmentMonitor monitor;
    final SegmentState state = new SegmentState("model=m");
    final List<Alert> alerts = new ArrayList<>();
    final List<ClosedBucket> closed = new ArrayList<>();
    private final SplittableRandom random;
    long minute;

    MonitorDriver(final DetectionSettings settings, final long seed) {
        this.monitor = new SegmentMonitor(settings, Map.of());
        this.random = new SplittableRandom(seed);
    }

    /**
     * One-minute buckets, a 60-minute reference, the default budget shared by ten segments with one
     * concept, the default CUSUM bank, a 6-hour slow horizon and a 1-hour unexplained-shift window.
     */
    static DetectionSettings settings(final boolean lowerSide) {
        return new DetectionSettings(Duration.ofMinutes(1), Duration.ZERO, Duration.ofMinutes(60),
                FalseAlarmBudget.defaultBudget().streamArl0Buckets(Duration.ofMinutes(1), 10), List.of(0.1, 0.2, 0.4, 0.8),
                lowerSide, Duration.ofHours(6), Duration.ofHours(1), Duration.ofDays(1), AlertLifecycle.Settings.defaults(), 3);
    }

    /** A driver that has fed {@code calm} unshifted buckets and then {@code shifted} buckets shifted by {@code shift} spreads. */
    static MonitorDriver afterShift(final boolean lowerSide, final long seed, final int calm, final int shifted, final double shift) {
        final MonitorDriver d = new MonitorDriver(settings(lowerSide), seed);
        d.buckets(calm, 0.0);
        d.buckets(shifted, shift);
        return d;
    }

    /** Feeds {@code count} buckets whose replies are shifted by {@code shift} spreads; returns their alerts. */
    List<Alert> buckets(final int count, final double shift) {
        final List<Alert> emitted = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final MonitorOutput output = monitor.acceptBucket(state, T0 + minute++ * MINUTE,
                    SegmentState.BucketSums.of(MODEL.repliesPerBucket(), Map.of(CONCEPT, MODEL.bucket(random, shift * MODEL.spread()))));
            emitted.addAll(output.alerts());
            closed.addAll(output.closedBuckets());
        }
        alerts.addAll(emitted);
        return emitted;
    }

    static List<Alert> opens(final List<Alert> alerts, final String detector) {
        return alerts.stream().filter(a -> a.event().state() == LifecycleState.OPEN && a.finding().detector().equals(detector)).toList();
    }
}
