package io.tidewatch.stats;

import java.util.HashMap;
import java.util.Map;

/**
 * Sufficient statistics, over a set of calibration buckets, for estimating a {@link ShiftReference}:
 * the multivariate counterpart of {@link ReferenceAccumulator} for embeddings. Every field is a sum
 * over buckets, so accumulators merge by addition in any order or grouping.
 *
 * <p>The shift test needs tr V, tr V² and tr V³ of a d×d covariance (d = 384) that is never formed.
 * tr S and tr W come from exact sums of squared lengths. Traces of products come from the
 * {@link EmbeddingSketch}: for sketch rows p_i = r_i/√d with independent random signs r_i, and i ≠ j
 * ≠ l, E[(PAPᵀ)_ij·(PBPᵀ)_ij] = tr(AB)/d² and E[(PAPᵀ)_ij·(PBPᵀ)_jl·(PCPᵀ)_li] = tr(ABC)/d³. Each
 * factor is a covariance estimated from buckets, and an estimate's square is biased by its own
 * noise (by about tr(S)²/(B − 1), as large as tr S² itself when the effective rank is near B/5), so
 * each factor of a product is estimated from a different third of the buckets (a fold, chosen by a
 * hash of the bucket's start): independent estimates multiply without bias.
 */
public final class ShiftAccumulator {

    /** Folds of calibration buckets: three, so that a product of three covariances has one independent estimate per factor. */
    static final int FOLDS = 3;
    /** Fewest buckets per fold: a fold's covariance needs a few degrees of freedom to be worth multiplying. */
    static final int BUCKETS_PER_FOLD = 4;
    /** Fewest buckets per fold whose two halves both have replies. */
    static final int SPLIT_BUCKETS_PER_FOLD = 2;

    public long buckets;
    /** Buckets whose two halves both have replies; only they measure the within-bucket covariance. */
    public long splitBuckets;
    public EmbeddingSums total;
    /** Σ over buckets of the bucket's mean embedding. */
    public double[] sumBucketMeanEmbeddings;
    /** Σ over buckets of the bucket mean embedding's squared length. */
    public double sumBucketMeanSquares;
    /** Σ over buckets of n_A·n_B/n·|m_A − m_B|² ({@link EmbeddingSums#withinSquares}). */
    public double sumWithinSquares;
    public double sumInverseCounts;
    public double sumSquaredCounts;
    /** Sketch covariance sums by fold. */
    public SketchFold[] folds;
    /**
     * Sums per clock hour (epoch hours), for the batch-means inflation of the test's variance
     * ({@link ShiftReference#inflation}); null in state written before they were kept.
     */
    public Map<Long, HourSums> hours;

    /** One clock hour's buckets, replies, Σn² and embedding sum. */
    public static final class HourSums {
        public long buckets;
        public long replies;
        public double sumSquaredCounts;
        public double[] sum;

        public HourSums() {
        }

        void merge(final HourSums other) {
            buckets += other.buckets;
            replies += other.replies;
            sumSquaredCounts += other.sumSquaredCounts;
            Vectors.addTo(sum, other.sum, 1.0);
        }
    }

    private static final long HOUR_MILLIS = 3_600_000L;
    /** Fewest hours with enough buckets for the batch-means estimate; with fewer, no inflation is estimated. */
    static final int MIN_HOURS = 8;

    public ShiftAccumulator() {
    }

    /** The sketch sums of one fold of buckets. */
    public static final class SketchFold {
        public long buckets;
        public long splitBuckets;
        /** Σ over buckets of the bucket's mean sketch. */
        public double[] sumMeans = new double[EmbeddingSketch.DIMENSION];
        /** Σ over buckets of m·mᵀ for the bucket's mean sketch m, packed. */
        public double[] sumMeanProducts = new double[Vectors.packedLength(EmbeddingSketch.DIMENSION)];
        /** Σ over buckets of w·δ·δᵀ, δ = difference of the halves' mean sketches, w = n_A·n_B/n; packed. */
        public double[] sumHalfDifferenceProducts = new double[Vectors.packedLength(EmbeddingSketch.DIMENSION)];

        public SketchFold() {
        }

        void merge(final SketchFold other) {
            buckets += other.buckets;
            splitBuckets += other.splitBuckets;
            Vectors.addTo(sumMeans, other.sumMeans, 1.0);
            Vectors.addTo(sumMeanProducts, other.sumMeanProducts, 1.0);
            Vectors.addTo(sumHalfDifferenceProducts, other.sumHalfDifferenceProducts, 1.0);
        }

        /** Unbiased sample covariance of bucket mean sketches, (Σ m·mᵀ − Σm·Σmᵀ/B)/(B − 1), as a full matrix. */
        double[][] bucketMeanCovariance() {
            final double[] packed = sumMeanProducts.clone();
            Vectors.addOuterProduct(packed, sumMeans, -1.0 / buckets);
            return Vectors.unpacked(Vectors.scaled(packed, 1.0 / (buckets - 1)), EmbeddingSketch.DIMENSION);
        }

        /** Var(m_A − m_B) = W·(1/n_A + 1/n_B), so the weighted mean of δ·δᵀ is unbiased for the within covariance W. */
        double[][] withinCovariance() {
            return Vectors.unpacked(Vectors.scaled(sumHalfDifferenceProducts, 1.0 / splitBuckets), EmbeddingSketch.DIMENSION);
        }
    }

    /** The accumulator of no buckets, for embeddings of the given length. */
    public static ShiftAccumulator empty(final int dimension) {
        final ShiftAccumulator acc = new ShiftAccumulator();
        acc.total = EmbeddingSums.empty(dimension);
        acc.sumBucketMeanEmbeddings = new double[dimension];
        acc.folds = new SketchFold[FOLDS];
        for (int f = 0; f < FOLDS; f++) {
            acc.folds[f] = new SketchFold();
        }
        acc.hours = new HashMap<>();
        return acc;
    }

    /**
     * Whether this holds every sum the test needs: state written before the full-embedding test
     * lacks the folds, and cannot be completed, only replaced.
     */
    public boolean isCurrent() {
        return folds != null && folds.length == FOLDS && sumBucketMeanEmbeddings != null && total != null;
    }

    /** Adds the bucket starting at {@code bucketStart}; a bucket with no replies is ignored. */
    public void add(final EmbeddingSums bucket, final long bucketStart) {
        if (bucket.count == 0) {
            return;
        }
        final double n = bucket.count;
        buckets++;
        total.merge(bucket);
        final double[] meanEmbedding = bucket.mean();
        Vectors.addTo(sumBucketMeanEmbeddings, meanEmbedding, 1.0);
        sumBucketMeanSquares += Vectors.dot(meanEmbedding, meanEmbedding);
        sumInverseCounts += 1.0 / n;
        sumSquaredCounts += n * n;
        if (hours == null) {
            hours = new HashMap<>();
        }
        final HourSums hour = hours.computeIfAbsent(Math.floorDiv(bucketStart, HOUR_MILLIS), h -> {
            final HourSums sums = new HourSums();
            sums.sum = new double[total.dimension()];
            return sums;
        });
        hour.buckets++;
        hour.replies += bucket.count;
        hour.sumSquaredCounts += n * n;
        Vectors.addTo(hour.sum, bucket.sum, 1.0);
        final SketchFold fold = folds[fold(bucketStart)];
        final double[] mean = Vectors.scaled(bucket.sketchSum(), 1.0 / n);
        fold.buckets++;
        Vectors.addTo(fold.sumMeans, mean, 1.0);
        Vectors.addOuterProduct(fold.sumMeanProducts, mean, 1.0);
        if (bucket.countA > 0 && bucket.countB > 0) {
            splitBuckets++;
            sumWithinSquares += bucket.withinSquares;
            fold.splitBuckets++;
            final double[] delta = Vectors.difference(Vectors.scaled(bucket.sketchA, 1.0 / bucket.countA),
                    Vectors.scaled(bucket.sketchB, 1.0 / bucket.countB));
            Vectors.addOuterProduct(fold.sumHalfDifferenceProducts, delta, bucket.countA * (double) bucket.countB / n);
        }
    }

    /** Adds all buckets of {@code other}. */
    public void merge(final ShiftAccumulator other) {
        buckets += other.buckets;
        splitBuckets += other.splitBuckets;
        total.merge(other.total);
        Vectors.addTo(sumBucketMeanEmbeddings, other.sumBucketMeanEmbeddings, 1.0);
        sumBucketMeanSquares += other.sumBucketMeanSquares;
        sumWithinSquares += other.sumWithinSquares;
        sumInverseCounts += other.sumInverseCounts;
        sumSquaredCounts += other.sumSquaredCounts;
        for (int f = 0; f < FOLDS; f++) {
            folds[f].merge(other.folds[f]);
        }
        if (other.hours != null) {
            if (hours == null) {
                hours = new HashMap<>();
            }
            other.hours.forEach((hour, sums) -> hours.computeIfAbsent(hour, h -> {
                final HourSums empty = new HourSums();
                empty.sum = new double[sums.sum.length];
                return empty;
            }).merge(sums));
        }
    }

    /** Whether every fold has enough buckets, and bucket means vary. */
    public boolean isEstimable() {
        if (!isCurrent()) {
            return false;
        }
        for (final SketchFold fold : folds) {
            if (fold.buckets < BUCKETS_PER_FOLD || fold.splitBuckets < SPLIT_BUCKETS_PER_FOLD) {
                return false;
            }
        }
        return betweenTrace() > 0 && sumWithinSquares > 0;
    }

    /**
     * Estimates the reference by the method of moments.
     *
     * @throws IllegalStateException if not {@link #isEstimable()}
     */
    public ShiftReference estimate() {
        if (!isEstimable()) {
            throw new IllegalStateException("shift reference is not estimable from " + buckets + " bucket(s) (" + splitBuckets
                    + " with two halves): need " + BUCKETS_PER_FOLD + " per fold (" + SPLIT_BUCKETS_PER_FOLD
                    + " with two halves) in each of " + FOLDS + " folds, and bucket means that vary");
        }
        final double replies = total.count;
        final double[][][] between = new double[FOLDS][][];
        final double[][][] within = new double[FOLDS][][];
        for (int f = 0; f < FOLDS; f++) {
            between[f] = folds[f].bucketMeanCovariance();
            within[f] = folds[f].withinCovariance();
        }
        final SketchTraces sketch = new SketchTraces(total.dimension(), EmbeddingSketch.DIMENSION);
        final CovarianceTraces traces = new CovarianceTraces(betweenTrace(), sumWithinSquares / splitBuckets,
                sketch.pairs(between, between), sketch.pairs(between, within), sketch.pairs(within, within),
                sketch.triples(between, between, between), sketch.triples(between, between, within),
                sketch.triples(between, within, within), sketch.triples(within, within, within));
        return new ShiftReference(total.mean(), traces, sumInverseCounts / buckets, sumSquaredCounts / (replies * replies),
                buckets, total.count, inflation(traces));
    }

    /**
     * Batch means by the hour, as for concepts ({@link ReferenceAccumulator}): under independent
     * buckets the trace of an hour's mean-embedding covariance is tr Ω·Σn²/N² + tr W/N (Ω the topic
     * part of the bucket-mean covariance, tr Ω = tr S − tr W·mean(1/n)); the spread of the hours'
     * means around their mean, over that, is how much correlation between buckets widens a window's.
     * At least 1.
     */
    private double inflation(final CovarianceTraces traces) {
        if (hours == null) {
            return 1.0;
        }
        final long most = hours.values().stream().mapToLong(h -> h.buckets).max().orElse(0);
        final HourSums[] full = hours.values().stream().filter(h -> h.buckets >= Math.max(2, most / 2)).toArray(HourSums[]::new);
        if (full.length < MIN_HOURS) {
            return 1.0;
        }
        final double traceW = traces.within();
        final double traceOmega = Math.max(0.0, traces.between() - traceW * sumInverseCounts / buckets);
        final double[] sumMeans = new double[total.dimension()];
        double sumMeanSquares = 0;
        double expected = 0;
        for (final HourSums h : full) {
            final double[] mean = Vectors.scaled(h.sum, 1.0 / h.replies);
            Vectors.addTo(sumMeans, mean, 1.0);
            sumMeanSquares += Vectors.dot(mean, mean);
            expected += traceOmega * h.sumSquaredCounts / ((double) h.replies * h.replies) + traceW / h.replies;
        }
        final int k = full.length;
        final double observed = (sumMeanSquares - Vectors.dot(sumMeans, sumMeans) / k) / (k - 1);
        return Math.max(1.0, observed / (expected / k));
    }

    /** tr S: unbiased sample variance of bucket mean embeddings, summed over coordinates. */
    private double betweenTrace() {
        if (buckets < 2) {
            return 0.0;
        }
        return (sumBucketMeanSquares - Vectors.dot(sumBucketMeanEmbeddings, sumBucketMeanEmbeddings) / buckets) / (buckets - 1);
    }

    /** The fold of the bucket starting at {@code bucketStart}: Murmur3's finaliser, so neighbouring buckets spread over the folds. */
    static int fold(final long bucketStart) {
        long h = bucketStart;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (int) Math.floorMod(h, (long) FOLDS);
    }
}
