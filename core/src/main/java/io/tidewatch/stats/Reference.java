package io.tidewatch.stats;

/**
 * The anchored reference of one segment and concept, estimated over a calibration period: the
 * per-reply mean and variance of the score, the extra variance of bucket means beyond what
 * sampling alone explains (overdispersion, e.g. from a changing topic mix), and how uncertain the
 * estimated mean itself is.
 *
 * @param mean           per-reply mean score μ
 * @param variance       per-reply variance σ² (pooled within buckets)
 * @param excessVariance between-bucket excess variance τ² of the bucket mean
 * @param meanVariance   variance of the estimate μ itself, from the calibration period's size
 * @param bucketCount    number of calibration buckets the estimate is based on
 * @param replyCount     number of calibration replies the estimate is based on
 * @param inflation      how much correlation between buckets widens the variance of their sums
 *                       (at least 1; batch means by the hour, {@link ReferenceAccumulator}); the
 *                       bucket variance is multiplied by it, so that detectors summing many
 *                       buckets (the CUSUMs, the slow horizon) see the spread that sums really have.
 *                       {@code meanVariance} includes it already
 * @param line           when not null, every other component is of the prompt-adjusted score
 *                       ({@link PromptLine}), and buckets are judged by that score
 *                       ({@link #judged}); null when the calibration's prompts gave no line, and in
 *                       references stored before prompts adjusted the score
 */
public record Reference(double mean, double variance, double excessVariance, double meanVariance, long bucketCount,
                        long replyCount, double inflation, PromptLine line) {

    /** References stored before the inflation was estimated read it as missing (0): no inflation. */
    public Reference {
        inflation = inflation >= 1.0 ? inflation : 1.0;
    }

    /** A reference of the score itself, with no inflation. */
    public Reference(final double mean, final double variance, final double excessVariance, final double meanVariance, final long bucketCount,
                     final long replyCount) {
        this(mean, variance, excessVariance, meanVariance, bucketCount, replyCount, 1.0, null);
    }

    /** This reference, of the score {@code line} adjusts. */
    Reference withLine(final PromptLine line) {
        return new Reference(mean, variance, excessVariance, meanVariance, bucketCount, replyCount, inflation, line);
    }

    /**
     * What the detectors judge of a bucket (or a run of buckets) whose replies' scores sum to
     * {@code replies} and whose prompted replies' pairs sum to {@code prompts}: the sums of the
     * prompt-adjusted scores when the reference has a line, of the scores themselves otherwise.
     */
    public Moments judged(final Moments replies, final PromptPairs prompts) {
        return line == null ? replies : line.adjust(replies, prompts);
    }

    /** The per-reply standard deviation σ. */
    public double spread() {
        return Math.sqrt(variance);
    }

    /** Variance of the mean of a bucket of {@code n} replies around μ, as sums of buckets see it: (σ²/n + τ²)·inflation. */
    public double bucketVariance(final double n) {
        return (variance / n + excessVariance) * inflation;
    }

    /** Mean number of replies per calibration bucket. */
    public double typicalBucketSize() {
        return (double) replyCount / bucketCount;
    }

    /**
     * The standardised deviation of a bucket's mean from the reference mean. Under the reference
     * it has mean 0 and variance 1. An empty bucket gives NaN.
     */
    public double standardize(final Moments bucket) {
        // Random-effects z-score: (x̄ − μ) / sqrt(σ²/n + τ²).
        return (bucket.mean() - mean) / Math.sqrt(bucketVariance(bucket.count()));
    }

    /**
     * The standardised deviation of a long horizon's mean from the reference mean, counting the
     * uncertainty of μ too, so that it is N(0, 1) under the reference however short the
     * calibration was.
     *
     * @param horizon          the scores of the horizon's replies
     * @param sumSquaredCounts Σn² over the horizon's buckets
     */
    public double standardizeHorizon(final Moments horizon, final double sumSquaredCounts) {
        final double n = horizon.count();
        // Var(x̄_H − μ̂) = (σ²/N + τ²·Σn_t²/N²)·inflation + Var(μ̂).
        return (horizon.mean() - mean) / Math.sqrt((variance / n + excessVariance * sumSquaredCounts / (n * n)) * inflation + meanVariance);
    }

    /** Standard deviation of μ's estimation error in the standard units of a typical bucket's z. */
    public double meanUncertaintyInBucketUnits() {
        return Math.sqrt(meanVariance / bucketVariance(typicalBucketSize()));
    }
}
