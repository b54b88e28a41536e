package io.tidewatch.stats;

/**
 * Sufficient statistics, over a set of calibration buckets, for estimating a {@link ShiftReference}:
 * the multivariate counterpart of {@link ReferenceAccumulator} for embeddings and their sketches.
 * Every field is a sum over buckets, so accumulators merge by addition in any order or grouping.
 */
public final class ShiftAccumulator {

    /** Fewest buckets the estimate needs: four per sketch coordinate used, at least one coordinate. */
    static final int BUCKETS_PER_DIMENSION = 4;
    /** A sketch coordinate whose variance is this much explained by earlier ones adds nothing but rounding. */
    private static final double CONDITIONING = 1e-9;

    public long buckets;
    /** Buckets whose two halves both have replies; only they measure the within-bucket covariance. */
    public long splitBuckets;
    public EmbeddingSums total;
    /** Σ over buckets of the bucket's mean sketch. */
    public double[] sumBucketMeans;
    /** Σ over buckets of m·mᵀ for the bucket's mean sketch m, packed. */
    public double[] sumBucketMeanProducts;
    /** Σ over buckets of w·δ·δᵀ, δ = difference of the halves' mean sketches, w = n_A·n_B/n; packed. */
    public double[] sumHalfDifferenceProducts;
    public double sumInverseCounts;
    public double sumSquaredCounts;

    public ShiftAccumulator() {
    }

    /** The accumulator of no buckets, for embeddings of the given length. */
    public static ShiftAccumulator empty(final int dimension) {
        final ShiftAccumulator acc = new ShiftAccumulator();
        acc.total = EmbeddingSums.empty(dimension);
        acc.sumBucketMeans = new double[EmbeddingSketch.DIMENSION];
        acc.sumBucketMeanProducts = new double[Vectors.packedLength(EmbeddingSketch.DIMENSION)];
        acc.sumHalfDifferenceProducts = new double[Vectors.packedLength(EmbeddingSketch.DIMENSION)];
        return acc;
    }

    /** Adds one bucket; a bucket with no replies is ignored. */
    public void add(final EmbeddingSums bucket) {
        if (bucket.count == 0) {
            return;
        }
        final double n = bucket.count;
        final double[] mean = Vectors.scaled(bucket.sketchSum(), 1.0 / n);
        buckets++;
        total.merge(bucket);
        Vectors.addTo(sumBucketMeans, mean, 1.0);
        Vectors.addOuterProduct(sumBucketMeanProducts, mean, 1.0);
        sumInverseCounts += 1.0 / n;
        sumSquaredCounts += n * n;
        if (bucket.countA > 0 && bucket.countB > 0) {
            splitBuckets++;
            final double[] delta = Vectors.difference(Vectors.scaled(bucket.sketchA, 1.0 / bucket.countA),
                    Vectors.scaled(bucket.sketchB, 1.0 / bucket.countB));
            // Var(m_A − m_B) = Σ_w·(1/n_A + 1/n_B), so n_A·n_B/n · δδᵀ is unbiased for the within covariance Σ_w.
            Vectors.addOuterProduct(sumHalfDifferenceProducts, delta, bucket.countA * (double) bucket.countB / n);
        }
    }

    /** Adds all buckets of {@code other}. */
    public void merge(final ShiftAccumulator other) {
        buckets += other.buckets;
        splitBuckets += other.splitBuckets;
        total.merge(other.total);
        Vectors.addTo(sumBucketMeans, other.sumBucketMeans, 1.0);
        Vectors.addTo(sumBucketMeanProducts, other.sumBucketMeanProducts, 1.0);
        Vectors.addTo(sumHalfDifferenceProducts, other.sumHalfDifferenceProducts, 1.0);
        sumInverseCounts += other.sumInverseCounts;
        sumSquaredCounts += other.sumSquaredCounts;
    }

    /** Whether there are enough buckets, and bucket means that vary, for at least one sketch coordinate. */
    public boolean isEstimable() {
        return buckets > BUCKETS_PER_DIMENSION && splitBuckets >= 2 && dimensions(bucketMeanCovariance()) > 0;
    }

    /**
     * Estimates the reference by the method of moments.
     *
     * @throws IllegalStateException if not {@link #isEstimable()}
     */
    public ShiftReference estimate() {
        if (!isEstimable()) {
            throw new IllegalStateException("shift reference is not estimable from " + buckets + " bucket(s) ("
                    + splitBuckets + " with two halves): need more than " + BUCKETS_PER_DIMENSION + " and 2");
        }
        final double replies = total.count;
        final double[] covariance = bucketMeanCovariance();
        return new ShiftReference(total.mean(), Vectors.scaled(total.sketchSum(), 1.0 / replies), covariance,
                Vectors.scaled(sumHalfDifferenceProducts, 1.0 / splitBuckets), sumInverseCounts / buckets,
                sumSquaredCounts / (replies * replies), buckets, total.count, dimensions(covariance));
    }

    /**
     * Sketch coordinates the test uses: at most (B − 1)/4, so that the covariance is well
     * estimated, and only as many as are not combinations of earlier ones (an embedding shorter
     * than the sketch, or traffic confined to a subspace). With them, every covariance the test
     * forms (S scaled, plus a multiple of Σ_w) factorises.
     */
    private int dimensions(final double[] covariance) {
        final int byBuckets = (int) Math.min(EmbeddingSketch.DIMENSION, (buckets - 1) / BUCKETS_PER_DIMENSION);
        return Vectors.wellConditionedBlock(covariance, byBuckets, CONDITIONING);
    }

    private double[] bucketMeanCovariance() {
        // Unbiased sample covariance of bucket means: (Σ m·mᵀ − Σm·Σmᵀ/B) / (B − 1).
        final double[] covariance = sumBucketMeanProducts.clone();
        Vectors.addOuterProduct(covariance, sumBucketMeans, -1.0 / buckets);
        return Vectors.scaled(covariance, 1.0 / (buckets - 1));
    }
}
