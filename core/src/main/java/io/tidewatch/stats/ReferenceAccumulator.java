package io.tidewatch.stats;

/**
 * Sufficient statistics, over a set of calibration buckets, for estimating a {@link Reference}.
 * Every field is a sum over buckets, so accumulators merge by addition in any order or grouping.
 *
 * @param buckets              number of non-empty buckets B
 * @param replies              number of replies N over all buckets
 * @param sum                  sum of all scores
 * @param sumSquares           sum of all squared scores (carried for completeness; the estimate
 *                             uses the per-bucket within sums instead, which cancel less)
 * @param sumBucketMeans       sum of the bucket means
 * @param sumBucketMeanSquares sum of the squared bucket means
 * @param sumInverseCounts     sum of 1/n over buckets
 * @param sumWithinSquares     sum over buckets of the within-bucket sum of squared deviations
 * @param sumSquaredCounts     sum of n² over buckets, for the variance of the estimated mean
 */
public record ReferenceAccumulator(
        long buckets,
        long replies,
        double sum,
        double sumSquares,
        double sumBucketMeans,
        double sumBucketMeanSquares,
        double sumInverseCounts,
        double sumWithinSquares,
        double sumSquaredCounts) {

    /** The accumulator of no buckets. */
    public static ReferenceAccumulator empty() {
        return new ReferenceAccumulator(0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    }

    /** This accumulator with one more bucket; a bucket with no replies is ignored. */
    public ReferenceAccumulator plus(final Moments bucket) {
        if (bucket.count() == 0) {
            return this;
        }
        final long n = bucket.count();
        final double mean = bucket.mean();
        // Within-bucket sum of squares: Σx² − (Σx)²/n, clamped at 0 against rounding.
        final double within = Math.max(0.0, bucket.sumSquares() - bucket.sum() * bucket.sum() / n);
        return merge(new ReferenceAccumulator(
                1, n, bucket.sum(), bucket.sumSquares(), mean, mean * mean, 1.0 / n, within, (double) n * n));
    }

    /** The accumulator of the buckets of both. */
    public ReferenceAccumulator merge(final ReferenceAccumulator other) {
        return new ReferenceAccumulator(
                buckets + other.buckets,
                replies + other.replies,
                sum + other.sum,
                sumSquares + other.sumSquares,
                sumBucketMeans + other.sumBucketMeans,
                sumBucketMeanSquares + other.sumBucketMeanSquares,
                sumInverseCounts + other.sumInverseCounts,
                sumWithinSquares + other.sumWithinSquares,
                sumSquaredCounts + other.sumSquaredCounts);
    }

    /** Whether there are at least two buckets and more replies than buckets. */
    public boolean isEstimable() {
        return buckets >= 2 && replies > buckets;
    }

    /**
     * Estimates the reference by the method of moments.
     *
     * @throws IllegalStateException if not {@link #isEstimable()}
     */
    public Reference estimate() {
        if (!isEstimable()) {
            throw new IllegalStateException("reference is not estimable from " + buckets + " bucket(s) and "
                    + replies + " reply(ies): need at least 2 buckets and more replies than buckets");
        }
        final double variance = withinVariance();
        final double excess = excessVariance();
        return new Reference(mean(), variance, excess, meanVariance(variance, excess), buckets, replies);
    }

    private double mean() {
        // Grand mean over replies: μ = Σx / N.
        return sum / replies;
    }

    private double withinVariance() {
        // Pooled within-bucket variance (one-way ANOVA): σ² = Σ_i SS_i / (N − B).
        return sumWithinSquares / (replies - buckets);
    }

    private double meanVariance(final double variance, final double excess) {
        // The grand mean Σ_i n_i·m_i / N under the random-effects model: Var = σ²/N + τ²·Σn_i²/N².
        return variance / replies + excess * sumSquaredCounts / ((double) replies * replies);
    }

    private double excessVariance() {
        final double meanOfMeans = sumBucketMeans / buckets;
        // Unbiased variance of bucket means around their unweighted mean: s²_m = (Σm² − B·m̄²) / (B − 1).
        final double varianceOfMeans = (sumBucketMeanSquares - buckets * meanOfMeans * meanOfMeans) / (buckets - 1);
        // Method-of-moments random effect: τ² = max(0, s²_m − mean_i(σ²/n_i)).
        return Math.max(0.0, varianceOfMeans - withinVariance() * sumInverseCounts / buckets);
    }
}
