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
 * @param prompted             the same sums for the buckets' prompt scores, so that the reference of
 *                             the prompt-adjusted score ({@link PromptLine}) can be estimated once the
 *                             line is known, at the end of the calibration; empty in state written
 *                             before they were kept
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
        Map<Long, Hour> hours,
        PromptSums prompted) {

    private static final long HOUR_MILLIS = 3_600_000L;
    /** Fewest hours with enough buckets for the batch-means estimate; with fewer, no inflation is estimated. */
    static final int MIN_HOURS = 8;

    /**
     * The buckets, replies and score sum of one clock hour, and the sum of its prompted replies'
     * prompt scores and their number (0 in state written before prompts were summed).
     */
    public record Hour(long buckets, long replies, double sum, double promptSum, long prompted) {

        Hour plus(final Hour other) {
            return new Hour(buckets + other.buckets, replies + other.replies, sum + other.sum, promptSum + other.promptSum,
                    prompted + other.prompted);
        }
    }

    /**
     * The calibration's sums for the prompt-adjusted score a = y − b·p + b·x̄·i, where per reply y is
     * the reply's score, p its prompt's score (0 when the prompt was not scored) and i is 1 when it
     * was (else 0). Each sum of the accumulator, taken of a, is a fixed combination of sums of y, p
     * and i and of their products, so these sums beside the accumulator's own (those of y) give the
     * adjusted reference for any line b, x̄ (the products' yy terms are the accumulator's own).
     *
     * @param promptSum       Σp over replies
     * @param prompted        Σi over replies
     * @param meanPrompts     Σ over buckets of the bucket's mean p
     * @param meanPrompted    Σ over buckets of the bucket's mean i
     * @param meanReplyPrompt Σ over buckets of ȳ·p̄; likewise {@code meanReplyPrompted} (ȳ·ī), {@code meanPromptSquares}
     *                        (p̄²), {@code meanPromptPrompted} (p̄·ī) and {@code meanPromptedSquares} (ī²)
     * @param withinReplyPrompt Σ over buckets of the within-bucket cross product of y and p (Σyp − Σy·Σp/n);
     *                        likewise for y and i, p and p, p and i, i and i
     */
    public record PromptSums(double promptSum, double prompted, double meanPrompts, double meanPrompted,
                             double meanReplyPrompt, double meanReplyPrompted, double meanPromptSquares, double meanPromptPrompted,
                             double meanPromptedSquares, double withinReplyPrompt, double withinReplyPrompted, double withinPromptSquares,
                             double withinPromptPrompted, double withinPromptedSquares) {

        static final PromptSums NONE = new PromptSums(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** The sums of one bucket of {@code n} replies scoring {@code replies}, of which {@code pairs} had their prompt scored. */
        static PromptSums of(final Moments replies, final PromptPairs pairs) {
            final double n = replies.count();
            final double y = replies.sum();
            final double p = pairs.sumPrompt();
            final double i = pairs.count();
            return new PromptSums(p, i, p / n, i / n,
                    y * p / (n * n), y * i / (n * n), p * p / (n * n), p * i / (n * n), i * i / (n * n),
                    pairs.sumProducts() - y * p / n, pairs.sumReply() - y * i / n, pairs.sumPromptSquares() - p * p / n,
                    p - p * i / n, i - i * i / n);
        }

        PromptSums plus(final PromptSums other) {
            return new PromptSums(promptSum + other.promptSum, prompted + other.prompted, meanPrompts + other.meanPrompts,
                    meanPrompted + other.meanPrompted, meanReplyPrompt + other.meanReplyPrompt, meanReplyPrompted + other.meanReplyPrompted,
                    meanPromptSquares + other.meanPromptSquares, meanPromptPrompted + other.meanPromptPrompted,
                    meanPromptedSquares + other.meanPromptedSquares, withinReplyPrompt + other.withinReplyPrompt,
                    withinReplyPrompted + other.withinReplyPrompted, withinPromptSquares + other.withinPromptSquares,
                    withinPromptPrompted + other.withinPromptPrompted, withinPromptedSquares + other.withinPromptedSquares);
        }
    }

    /** State written before hours, or prompts, were summed has none. */
    public ReferenceAccumulator {
        hours = hours == null ? Map.of() : Map.copyOf(hours);
        prompted = prompted == null ? PromptSums.NONE : prompted;
    }

    /** The accumulator of no buckets. */
    public static ReferenceAccumulator empty() {
        return new ReferenceAccumulator(0, 0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, Map.of(), PromptSums.NONE);
    }

    /**
     * This accumulator with one more bucket, which starts at {@code bucketStart}, also summed into
     * its hour; {@code prompts} are the prompt pairs of its replies whose prompt was scored.
     */
    public ReferenceAccumulator plus(final Moments bucket, final PromptPairs prompts, final long bucketStart) {
        return plus(bucket, prompts, Map.of(Math.floorDiv(bucketStart, HOUR_MILLIS),
                new Hour(1, bucket.count(), bucket.sum(), prompts.sumPrompt(), prompts.count())));
    }

    /** This accumulator with one more bucket, with no prompts and no hour; a bucket with no replies is ignored. */
    public ReferenceAccumulator plus(final Moments bucket) {
        return plus(bucket, PromptPairs.empty(), Map.of());
    }

    private ReferenceAccumulator plus(final Moments bucket, final PromptPairs prompts, final Map<Long, Hour> hour) {
        if (bucket.count() == 0) {
            return this;
        }
        final long n = bucket.count();
        final double mean = bucket.mean();
        // Within-bucket sum of squares: Σx² − (Σx)²/n, clamped at 0 against rounding.
        final double within = Math.max(0.0, bucket.sumSquares() - bucket.sum() * bucket.sum() / n);
        return merge(new ReferenceAccumulator(1, n, bucket.sum(), bucket.sumSquares(), mean, mean * mean, 1.0 / n, within,
                (double) n * n, hour, prompts.count() == 0 ? PromptSums.NONE : PromptSums.of(bucket, prompts)));
    }

    /**
     * The accumulator of the prompt-adjusted scores a = y − b·(x − x̄) ({@link PromptLine}), as if
     * each reply had been scored so: every sum it estimates from, taken of a. Its Σa² over
     * replies is not kept (the estimate does not use it) and reads NaN.
     */
    public ReferenceAccumulator adjusted(final PromptLine line) {
        // a = c·(y, p, i) with c = (1, −b, b·x̄).
        final double cp = -line.slope();
        final double ci = line.slope() * line.promptMean();
        final PromptSums s = prompted;
        final Map<Long, Hour> adjustedHours = new HashMap<>();
        hours.forEach((hour, h) -> adjustedHours.put(hour,
                new Hour(h.buckets, h.replies, h.sum + cp * h.promptSum + ci * h.prompted, 0.0, 0)));
        return new ReferenceAccumulator(buckets, replies,
                sum + cp * s.promptSum + ci * s.prompted,
                Double.NaN,
                sumBucketMeans + cp * s.meanPrompts + ci * s.meanPrompted,
                quadratic(sumBucketMeanSquares, s.meanReplyPrompt, s.meanReplyPrompted, s.meanPromptSquares, s.meanPromptPrompted,
                        s.meanPromptedSquares, cp, ci),
                sumInverseCounts,
                Math.max(0.0, quadratic(sumWithinSquares, s.withinReplyPrompt, s.withinReplyPrompted, s.withinPromptSquares,
                        s.withinPromptPrompted, s.withinPromptedSquares, cp, ci)),
                sumSquaredCounts, adjustedHours, PromptSums.NONE);
    }

    /** cᵀMc for c = (1, cp, ci) and the symmetric M of entries yy, yp, yi, pp, pi, ii. */
    private static double quadratic(final double yy, final double yp, final double yi, final double pp, final double pi, final double ii,
                                    final double cp, final double ci) {
        return yy + 2 * cp * yp + 2 * ci * yi + cp * cp * pp + 2 * cp * ci * pi + ci * ci * ii;
    }

    /** How many of the accumulated replies had their prompt scored. */
    public long promptedReplies() {
        return Math.round(prompted.prompted);
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
                mergedHours(other),
                prompted.plus(other.prompted));
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
        return new Reference(mean(), variance, excess, inflation * meanVariance(variance, excess), buckets, replies, inflation, null);
    }

    /**
     * The reference of the prompt-adjusted score ({@link PromptLine}) when {@code prompts}, the
     * prompt pairs of the same calibration, give a line and this accumulator summed the same
     * prompted replies (it did not when part of the calibration was written by a version that
     * kept no prompt sums); else that of the score itself ({@link #estimate()}).
     *
     * @throws IllegalStateException if not {@link #isEstimable()}
     */
    public Reference estimate(final PromptPairs prompts) {
        final PromptLine line = PromptLine.of(prompts);
        if (line == null || promptedReplies() != prompts.count()) {
            return estimate();
        }
        return adjusted(line).estimate().withLine(line);
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
