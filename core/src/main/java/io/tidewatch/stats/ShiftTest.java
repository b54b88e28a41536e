package io.tidewatch.stats;

/**
 * The test of one window's mean embedding against the reference: Q = |ē_W − ē_R|², the squared
 * length of the shift in the whole embedding (no covariance inverse, so every coordinate counts
 * and nothing needs more calibration buckets than there are coordinates; Bai and Saranadasa,
 * 1996; Chen and Qin, 2010). Under no change Q is a weighted sum of χ²₁ variables with weights
 * the eigenvalues of V, the covariance of the difference; its tail is read from the χ²
 * distribution with the same mean, variance and skewness (Pearson's three-moment approximation,
 * as in Imhof 1961 and Liu, Tang and Zhang 2009), which keeps the heavy tail a few dominant
 * directions of the topic mix give, where a two-moment (Satterthwaite) fit would understate it.
 *
 * @param statistic    Q
 * @param mean         E[Q] = tr V under no change
 * @param variance     Var[Q] = 2·tr V²
 * @param degrees      ν, degrees of freedom of the matching χ²
 * @param pValue       chance of a Q at least this large under no change
 */
public record ShiftTest(double statistic, double mean, double variance, double degrees, double pValue) {

    /**
     * The test of {@code statistic} given tr V, tr V² and tr V³ (estimates; a tr V³ that is not
     * positive falls back to the two-moment fit).
     *
     * @param dimension length of the embedding: no quadratic form in it has fewer degrees of freedom than 1 or more than it
     */
    public static ShiftTest of(final double statistic, final double traceV, final double traceV2, final double traceV3, final int dimension) {
        if (!(traceV > 0 && traceV2 > 0)) {
            throw new IllegalArgumentException("the covariance of a shift must have positive traces, got tr V = " + traceV + ", tr V² = " + traceV2);
        }
        // χ²_ν has skewness √(8/ν); Q's is 8·tr V³/(2·tr V²)^1.5, so ν = (tr V²)³/(tr V³)².
        final double unclamped = traceV3 > 0 ? Math.pow(traceV2, 3) / (traceV3 * traceV3) : traceV * traceV / traceV2;
        final double degrees = Math.min(Math.max(unclamped, 1.0), dimension);
        // Standardise Q, then read it on the χ²_ν scale: X = ν + (Q − tr V)·√(2ν)/√(2·tr V²).
        final double x = degrees + (statistic - traceV) * Math.sqrt(degrees / traceV2);
        final double p = x <= 0 ? 1.0 : Distributions.chiSquareUpperTail(x, degrees);
        return new ShiftTest(statistic, traceV, 2 * traceV2, degrees, p);
    }

    /**
     * The p-value as the standard normal quantile of the same chance: 3 is as rare as a
     * three-sigma event, whatever the segment's degrees of freedom. Kept finite (about ±37.5 at
     * the ends).
     */
    public double standardizedSize() {
        return Distributions.normalUpperQuantile(Math.min(Math.max(pValue, Double.MIN_NORMAL), 1.0 - 1e-16));
    }
}
