package io.tidewatch.stats;

/**
 * The embedding part of a bucket's sufficient statistics: Σe over its replies, and the sums of
 * their sketches over two halves of the replies, split by a hash of the reply's identity. The
 * halves come from the same topic mix, so their difference measures the within-bucket covariance
 * alone: in the sketch as a matrix, in the whole embedding as its trace ({@link #withinSquares}).
 * Sums merge by addition.
 */
public final class EmbeddingSums {

    public long count;
    public double[] sum;
    public long countA;
    public double[] sketchA;
    public long countB;
    public double[] sketchB;
    /**
     * Σ over the merged buckets whose two halves both have replies of n_A·n_B/n·|m_A − m_B|², m the
     * halves' mean embeddings: each term estimates the trace of the within-bucket covariance.
     */
    public double withinSquares;

    public EmbeddingSums() {
    }

    /** No replies, for embeddings of the given length. */
    public static EmbeddingSums empty(final int dimension) {
        final EmbeddingSums sums = new EmbeddingSums();
        sums.sum = new double[dimension];
        sums.sketchA = new double[EmbeddingSketch.DIMENSION];
        sums.sketchB = new double[EmbeddingSketch.DIMENSION];
        return sums;
    }

    /** Adds all of {@code other}'s replies. */
    public void merge(final EmbeddingSums other) {
        count += other.count;
        countA += other.countA;
        countB += other.countB;
        Vectors.addTo(sum, other.sum, 1.0);
        Vectors.addTo(sketchA, other.sketchA, 1.0);
        Vectors.addTo(sketchB, other.sketchB, 1.0);
        withinSquares += other.withinSquares;
    }

    /** Σ of the sketches of all replies. */
    public double[] sketchSum() {
        final double[] total = sketchA.clone();
        Vectors.addTo(total, sketchB, 1.0);
        return total;
    }

    /** The mean embedding, unnormalised. */
    public double[] mean() {
        return Vectors.scaled(sum, 1.0 / count);
    }

    public int dimension() {
        return sum.length;
    }
}
