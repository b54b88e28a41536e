package io.tidewatch.detect;

/**
 * Page's one-sided upper CUSUM on standardised bucket statistics z: it accumulates evidence that
 * the mean has shifted up by more than {@code k} and alarms when the sum exceeds {@code h}.
 *
 * @param k reference value (allowance), in standard units; about half the shift to detect
 * @param h decision threshold, in standard units
 */
public record Cusum(double k, double h) {

    /** Validates that k is non-negative and h positive, both finite. */
    public Cusum {
        if (!(k >= 0.0) || Double.isInfinite(k)) {
            throw new IllegalArgumentException("k must be non-negative and finite, got " + k);
        }
        if (!(h > 0.0) || Double.isInfinite(h)) {
            throw new IllegalArgumentException("h must be positive and finite, got " + h);
        }
    }

    /** The CUSUM with reference value k whose in-control average run length is {@code arl0Buckets}. */
    public static Cusum forBudget(final double k, final double arl0Buckets) {
        return new Cusum(k, CusumThreshold.forArl0(k, arl0Buckets));
    }

    /**
     * The statistic after one more standardised observation.
     *
     * @throws IllegalArgumentException if either argument is not finite (e.g. z of an empty bucket),
     *                                  which would otherwise poison the statistic for good
     */
    public double update(final double statistic, final double z) {
        if (!Double.isFinite(statistic) || !Double.isFinite(z)) {
            throw new IllegalArgumentException("CUSUM inputs must be finite, got statistic " + statistic + ", z " + z);
        }
        // Page (1954) upper CUSUM: S_t = max(0, S_{t−1} + z_t − k).
        return Math.max(0.0, statistic + z - k);
    }
}
