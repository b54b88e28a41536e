package io.tidewatch.stats;

/**
 * A bucket's embeddings summed as its replies are added, by half of the replies; becomes the
 * bucket's {@link EmbeddingSums} when the bucket closes, with one sketch projection per half
 * rather than one per reply (the projection is linear).
 */
public final class EmbeddingHalves {

    private long countA;
    private final double[] sumA;
    private long countB;
    private final double[] sumB;

    public int dimension() {
        return sumA.length;
    }

    public EmbeddingHalves(final int dimension) {
        this.sumA = new double[dimension];
        this.sumB = new double[dimension];
    }

    /** Adds one reply's embedding to half A or half B. */
    public void add(final float[] embedding, final boolean halfA) {
        final double[] sum;
        if (halfA) {
            countA++;
            sum = sumA;
        } else {
            countB++;
            sum = sumB;
        }
        for (int j = 0; j < sum.length; j++) {
            sum[j] += embedding[j];
        }
    }

    /**
     * Σe is the sum of both halves; each half's sketch sum is the sketch of its Σe; the halves'
     * squared difference is measured in the whole embedding.
     */
    public EmbeddingSums sums() {
        final EmbeddingSums sums = new EmbeddingSums();
        sums.count = countA + countB;
        sums.sum = sumA.clone();
        Vectors.addTo(sums.sum, sumB, 1.0);
        final EmbeddingSketch sketch = EmbeddingSketch.forDimension(sumA.length);
        sums.countA = countA;
        sums.sketchA = sketch.project(sumA);
        sums.countB = countB;
        sums.sketchB = sketch.project(sumB);
        if (countA > 0 && countB > 0) {
            final double[] delta = Vectors.difference(Vectors.scaled(sumA, 1.0 / countA), Vectors.scaled(sumB, 1.0 / countB));
            sums.withinSquares = countA * (double) countB / sums.count * Vectors.dot(delta, delta);
        }
        return sums;
    }
}
