package io.tidewatch.stats;

/**
 * The anchored reference of one segment and concept, estimated over a calibration period: the
 * per-reply mean and variance of the score, and the extra variance of bucket means beyond what
 * sampling alone explains (overdispersion, e.g. from a changing topic mix).
 *
 * @param mean           per-reply mean score μ
 * @param variance       per-reply variance σ² (pooled within buckets)
 * @param excessVariance between-bucket excess variance τ² of the bucket mean
 * @param bucketCount    number of calibration buckets the estimate is based on
 * @param replyCount     number of calibration replies the estimate is based on
 */
public record Reference(double mean, double variance, double excessVariance, long bucketCount, long replyCount) {

    /** The per-reply standard deviation σ. */
    public double spread() {
        return Math.sqrt(variance);
    }

    /**
     * The standardised deviation of a bucket's mean from the reference mean. Under the reference
     * it has mean 0 and variance 1. An empty bucket gives NaN.
     */
    public double standardize(final Moments bucket) {
        // Random-effects z-score: (x̄ − μ) / sqrt(σ²/n + τ²).
        return (bucket.mean() - mean) / Math.sqrt(variance / bucket.count() + excessVariance);
    }
}
