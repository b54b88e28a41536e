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

    private final double[][] rows;

    private EmbeddingSketch(final int embeddingDimension) {
        final SplittableRandom random = new SplittableRandom(SEED);
        final double scale = 1.0 / Math.sqrt(embeddingDimension);
        rows = new double[DIMENSION][embeddingDimension];
        for (final double[] row : rows) {
            for (int j = 0; j < embeddingDimension; j++) {
                row[j] = random.nextBoolean() ? scale : -scale;
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

    /** The sketch coordinates of one embedding. */
    public double[] project(final float[] embedding) {
        if (embedding.length != rows[0].length) {
            throw new IllegalArgumentException("embedding has " + embedding.length + " dimensions, sketch expects " + rows[0].length);
        }
        final double[] y = new double[DIMENSION];
        for (int i = 0; i < DIMENSION; i++) {
            double sum = 0;
            for (int j = 0; j < embedding.length; j++) {
                sum += rows[i][j] * embedding[j];
            }
            y[i] = sum;
        }
        return y;
    }
}
