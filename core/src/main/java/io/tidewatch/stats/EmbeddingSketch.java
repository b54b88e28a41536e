package io.tidewatch.stats;

import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A fixed random projection of embeddings onto {@value #DIMENSION} coordinates. The shift test
 * needs the covariance of the mean embedding, which is affordable in a sketch but not in the full
 * space. Entries are ±1/√d (Achlioptas), drawn from a fixed SplitMix64 seed, so every instance and
 * every replay projects the same way.
 */
public final class EmbeddingSketch {

    /** Number of sketch coordinates. */
    public static final int DIMENSION = 32;

    private static final long SEED = 0x7469646577617463L;
    private static final Map<Integer, EmbeddingSketch> BY_DIMENSION = new ConcurrentHashMap<>();

    /** The projection matrix by column: {@code columns[j][i]} weighs embedding coordinate j in sketch coordinate i. */
    private final double[][] columns;

    private EmbeddingSketch(final int embeddingDimension) {
        final SplittableRandom random = new SplittableRandom(SEED);
        final double scale = 1.0 / Math.sqrt(embeddingDimension);
        columns = new double[embeddingDimension][DIMENSION];
        // Drawn row by row: the matrix is the same whatever the layout.
        for (int i = 0; i < DIMENSION; i++) {
            for (int j = 0; j < embeddingDimension; j++) {
                columns[j][i] = random.nextBoolean() ? scale : -scale;
            }
        }
    }

    /** The sketch of embeddings of the given length. */
    public static EmbeddingSketch forDimension(final int embeddingDimension) {
        if (embeddingDimension < 1) {
            throw new IllegalArgumentException("embedding dimension must be positive, got " + embeddingDimension);
        }
        return BY_DIMENSION.computeIfAbsent(embeddingDimension, EmbeddingSketch::new);
    }

    /**
     * The sketch coordinates of a vector: an embedding, or a sum of embeddings, since the
     * projection is linear. Each coordinate sums its terms in embedding order, one column at a
     * time, so the loop over the 32 coordinates vectorises.
     */
    public double[] project(final double[] vector) {
        if (vector.length != columns.length) {
            throw new IllegalArgumentException("vector has " + vector.length + " dimensions, sketch expects " + columns.length);
        }
        final double[] y = new double[DIMENSION];
        for (int j = 0; j < vector.length; j++) {
            final double x = vector[j];
            final double[] column = columns[j];
            for (int i = 0; i < DIMENSION; i++) {
                y[i] += column[i] * x;
            }
        }
        return y;
    }
}
