package io.tidewatch.bench;

import java.util.SplittableRandom;

/**
 * Synthetic reply embeddings with an anisotropic spread and a topic mix that changes from bucket
 * to bucket: e = μ + b + s∘g, with g standard normal per reply and the bucket effect b = c·(v∘g')
 * drawn once per bucket. The bucket effect has a different shape (v) from the per-reply spread (s),
 * as a topic mix does, so the detector's covariance model is tested in general, not in a special case.
 *
 * @param dimension        embedding length
 * @param repliesPerBucket n
 * @param overdispersion   total variance of a bucket's mean embedding relative to sampling alone
 */
public record EmbeddingModel(int dimension, int repliesPerBucket, double overdispersion) {

    /** The embeddings of one bucket's replies. */
    public float[][] bucket(final SplittableRandom random) {
        final double topicScale = Math.sqrt((overdispersion - 1.0) / repliesPerBucket);
        final double[] topic = new double[dimension];
        for (int j = 0; j < dimension; j++) {
            topic[j] = 0.3 / dimension + topicScale * spread(dimension - 1 - j) * random.nextGaussian();
        }
        final float[][] replies = new float[repliesPerBucket][dimension];
        for (final float[] reply : replies) {
            for (int j = 0; j < dimension; j++) {
                reply[j] = (float) (topic[j] + spread(j) * random.nextGaussian());
            }
        }
        return replies;
    }

    /** Per-coordinate spread, decaying like an embedding's principal components. */
    private double spread(final int j) {
        return 0.1 / Math.sqrt(1.0 + j / 4.0);
    }
}
