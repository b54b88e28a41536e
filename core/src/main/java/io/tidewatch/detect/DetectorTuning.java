package io.tidewatch.detect;

import io.tidewatch.stats.Distributions;
import io.tidewatch.stats.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The thresholds of one concept stream's detectors, derived once from its reference and its share
 * of the false-alarm budget. Every detector of the stream gets an equal share (alarm rates add, so
 * the split is conservative when detectors alarm together).
 *
 * @param members        the CUSUM bank, in standard units of a typical bucket's z
 * @param shifts         per-reply shift, in reference spreads, that each member is tuned for
 * @param spikeThreshold z above which a single bucket alarms
 * @param slowThreshold  horizon z (which counts the reference's uncertainty) above which the slow detector alarms
 */
public record DetectorTuning(List<Cusum> members, List<Double> shifts, double spikeThreshold, double slowThreshold) {

    /** Largest CUSUM reference value: shifts beyond 2k = 4 standard units are the spike detector's. */
    static final double MAX_K = 2.0;

    public DetectorTuning {
        members = List.copyOf(members);
        shifts = List.copyOf(shifts);
    }

    /**
     * Tunes the detectors of a stream with this reference.
     *
     * @param detectorArl0    in-control average run length, in buckets, of each detector
     * @param shifts          per-reply shifts, in reference spreads, of the CUSUM bank
     * @param horizonBuckets  buckets per block of the slow horizon
     */
    public static DetectorTuning of(final Reference reference, final double detectorArl0, final List<Double> shifts,
                                    final long horizonBuckets) {
        final double error = reference.meanUncertaintyInBucketUnits();
        final double bucketSpread = Math.sqrt(reference.bucketVariance(reference.typicalBucketSize()));
        final List<Cusum> members = new ArrayList<>();
        final List<Double> tunedShifts = new ArrayList<>();
        for (final double shift : shifts) {
            // A per-reply shift δ moves a typical bucket's z by δ·σ / sqrt(σ²/n̄ + τ²); k is half of that.
            final double k = Math.min(MAX_K, 0.5 * shift * reference.spread() / bucketSpread);
            final OptionalDouble h = CusumThreshold.forAverageRate(k, detectorArl0, error);
            if (h.isPresent() && members.stream().noneMatch(m -> m.k() == k)) {
                members.add(new Cusum(k, h.getAsDouble()));
                tunedShifts.add(shift);
            }
        }
        // z is standardised by a bucket variance estimated from B calibration buckets, so its tail is
        // Student's t with B − 1 degrees of freedom; the reference error ε widens it by √(1 + s²).
        final double dof = reference.bucketCount() - 1.0;
        final double spike = Math.sqrt(1.0 + error * error) * Distributions.studentUpperQuantile(1.0 / detectorArl0, dof);
        final double slow = Distributions.studentUpperQuantile(horizonBuckets / detectorArl0, dof);
        return new DetectorTuning(members, tunedShifts, spike, slow);
    }
}
