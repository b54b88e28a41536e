package io.tidewatch.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a monitor is tuned.
 *
 * @param arl0Buckets  in-control average run length, in buckets, that each (segment, concept)
 *                     stream and each segment's unexplained-shift stream must have; the concept
 *                     stream's detectors share it
 * @param shifts       per-reply shifts, in reference spreads, that the CUSUM bank is tuned for
 * @param lowerSide    whether concept streams are also watched for a drop
 * @param slowHorizon  block length of the slow detector
 * @param shiftWindow  window length of the unexplained-shift detector
 * @param history      how long history granules are kept: how far back a reference can be re-pinned
 * @param exemplars    replies kept as evidence per detector
 */
public record DetectionSettings(Duration bucket, Duration grace, Duration referenceDuration, double arl0Buckets,
                                List<Double> shifts, boolean lowerSide, Duration slowHorizon, Duration shiftWindow,
                                Duration history, AlertLifecycle.Settings lifecycle, int exemplars) {

    /** History is kept in granules of whole buckets, about an hour long. */
    private static final Duration GRANULE_TARGET = Duration.ofHours(1);

    /** Validates the settings against each other. */
    public DetectionSettings {
        shifts = List.copyOf(shifts);
        if (bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("bucket must be positive, got " + bucket);
        }
        if (grace.isNegative() || referenceDuration.isNegative()) {
            throw new IllegalArgumentException("grace and reference duration must not be negative");
        }
        if (shifts.isEmpty() || shifts.stream().anyMatch(s -> !(s > 0) || s.isInfinite())) {
            throw new IllegalArgumentException("SegmentMonitor.CUSUM shifts must be positive numbers, got " + shifts);
        }
        requireWholeBuckets("slow horizon", slowHorizon, bucket);
        requireWholeBuckets("unexplained-shift window", shiftWindow, bucket);
        if (history.compareTo(granule(bucket)) < 0) {
            throw new IllegalArgumentException("reference history must cover at least one granule (" + granule(bucket) + "), got " + history);
        }
        if (exemplars < 0) {
            throw new IllegalArgumentException("exemplars must not be negative, got " + exemplars);
        }
        requireRareBlocks("slow horizon", buckets(slowHorizon, bucket) / (arl0Buckets * detectors(lowerSide, shifts.size())), slowHorizon);
        requireRareBlocks("unexplained-shift window", buckets(shiftWindow, bucket) / arl0Buckets, shiftWindow);
    }

    /** The sides concept streams are watched on. */
    public List<Side> sides() {
        return lowerSide ? List.of(Side.UPPER, Side.LOWER) : List.of(Side.UPPER);
    }

    /** Every detector that raises alert episodes: those of each concept side, and the unexplained shift. */
    public List<String> detectors() {
        final List<String> detectors = new ArrayList<>();
        for (final Side side : sides()) {
            List.of(SegmentMonitor.CUSUM, SegmentMonitor.SPIKE, SegmentMonitor.SLOW).forEach(detector -> detectors.add(side.detector(detector)));
        }
        detectors.add(SegmentMonitor.UNEXPLAINED_SHIFT);
        return List.copyOf(detectors);
    }

    /** Detectors that share a concept stream's budget: the SegmentMonitor.CUSUM bank, spike and slow, per side. */
    public int detectorsPerConceptStream() {
        return detectors(lowerSide, shifts.size());
    }

    private static int detectors(final boolean lowerSide, final int bankSize) {
        return (lowerSide ? 2 : 1) * (bankSize + 2);
    }

    /** In-control average run length, in buckets, of each detector of a concept stream. */
    double detectorArl0() {
        return arl0Buckets * detectorsPerConceptStream();
    }

    /** Length of a history granule: the fewest whole buckets that span an hour. */
    public Duration historyGranule() {
        return granule(bucket);
    }

    private static Duration granule(final Duration bucket) {
        return bucket.multipliedBy(Math.max(1, (GRANULE_TARGET.toMillis() + bucket.toMillis() - 1) / bucket.toMillis()));
    }

    private static double buckets(final Duration length, final Duration bucket) {
        return (double) length.toMillis() / bucket.toMillis();
    }

    /** A block must alarm falsely with probability well below one half, or its threshold means nothing. */
    private static void requireRareBlocks(final String name, final double alarmProbability, final Duration length) {
        if (!(alarmProbability < 0.1)) {
            throw new IllegalArgumentException("the false-alarm budget is too loose for a " + name + " of " + length
                    + ": each block would alarm with probability " + alarmProbability);
        }
    }

    private static void requireWholeBuckets(final String name, final Duration length, final Duration bucket) {
        if (length.isNegative() || length.isZero() || length.toMillis() % bucket.toMillis() != 0) {
            throw new IllegalArgumentException(name + " must be a positive whole number of buckets (" + bucket + "), got " + length);
        }
    }
}
