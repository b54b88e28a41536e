package io.tidewatch.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * Sufficient statistics, over a set of calibration buckets, for estimating a {@link Reference}.
 * Every field is a sum over buckets, so accumulators merge by addition in any order or grouping.
 *
 * <p>Buckets added with their start are also summed per clock hour, for a batch-means estimate of
 * how much correlation between neighbouring buckets widens the variance of sums of many buckets
 * ({@link Reference#inflation}): replies of one conversation share a topic and fall into
 * neighbouring buckets, and the topic mix drifts through the day, neither of which the bucket
 * variance sees.
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
 * @param hours                sums per clock hour (epoch hours), of the buckets added with their start
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
        double sumSquaredCounts,
        Map<Long, Hour> hours) {

    private static final long HOUR_MILLIS = 3_600_000L;
    /** Fewest hours with enough buckets for the batch-means estimate; with fewer, no inflation is estimated. */
    static final int MIN_HOURS = 8;

    /** The buckets, replies and score sum of one clock hour. */
    public record Hour(long buckets, long replies, double sum) {

        Hour plus(final Hour other) {
            return new Hour(buckets + other.buckets, replies + other.replies, sum + other.sum);
        }
    }

    /** State written before hours were summed has none. */
    public ReferenceAccumulator {
        hours = hours == null ? Map.of() : Map.copyOf(hours);
    }

    /** The accumulator of no buckets. */
    public static ReferenceAccumulator empty() {
        return new ReferenceAccumulator(0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, Map.of());
    }

    /** This accumulator with one more bucket, which starts at {@code bucketStart}, also summed into its hour. */
    public ReferenceAccumulator plus(final Moments bucket, final long bucketStart) {
        return plus(bucket, Map.of(Math.floorDiv(bucketStart, HOUR_MILLIS), new Hour(1, bucket.count(), bucket.sum())));
    }

    /** This accumulator with one more bucket; a bucket with no replies is ignored. */
    public ReferenceAccumulator plus(final Moments bucket) {
        return plus(bucket, Map.of());
    }

    private ReferenceAccumulator plus(final Moments bucket, final Map<Long, Hour> hour) {
        if (bucket.count() == 0) {
            return this;
        }
        final long n = bucket.count();
        final double mean = bucket.mean();
        // Within-bucket sum of squares: Σx² − (Σx)²/n, clamped at 0 against rounding.
        final double within = Math.max(0.0, bucket.sumSquares() - bucket.sum() * bucket.sum() / n);
        return merge(new ReferenceAccumulator(
                1, n, bucket.sum(), bucket.sumSquares(), mean, mean * mean, 1.0 / n, within, (double) n * n, hour));
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
                sumSquaredCounts + other.sumSquaredCounts,
                mergedHours(other));
    }

    private Map<Long, Hour> mergedHours(final ReferenceAccumulator other) {
        if (other.hours.isEmpty()) {
            return hours;
        }
        if (hours.isEmpty()) {
            return other.hours;
        }
        final Map<Long, Hour> merged = new HashMap<>(hours);
        other.hours.forEach((hour, sums) -> merged.merge(hour, sums, Hour::plus));
        return merged;
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
        final double inflation = inflation(variance, excess);
        return new Reference(mean(), variance, excess, inflation * meanVariance(variance, excess), buckets, replies, inflation);
    }

    /**
     * Batch means by the hour: under independent buckets the mean of an hour of b buckets and N
     * replies varies by σ²/N + τ²/b; the spread of the hours' means around their mean, over its
     * expectation, is how much correlation between buckets widens sums of them. At least 1:
     * an estimate below says only that the hours were calm, not that buckets are anti-correlated.
     */
    private double inflation(final double variance, final double excess) {
        // A part hour at either end of the calibration, or a quiet one, has too few buckets to be a batch.
        final long most = hours.values().stream().mapToLong(Hour::buckets).max().orElse(0);
        final Hour[] full = hours.values().stream().filter(h -> h.buckets >= Math.max(2, most / 2)).toArray(Hour[]::new);
        if (full.length < MIN_HOURS) {
            return 1.0;
        }
        double sumMeans = 0;
        double sumMeanSquares = 0;
        double expected = 0;
        for (final Hour h : full) {
            final double mean = h.sum / h.replies;
            sumMeans += mean;
            sumMeanSquares += mean * mean;
            expected += variance / h.replies + excess / h.buckets;
        }
        final int k = full.length;
        final double observed = (sumMeanSquares - sumMeans * sumMeans / k) / (k - 1);
        return Math.max(1.0, observed / (expected / k));
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
