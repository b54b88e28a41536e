package io.tidewatch.stats;

import java.util.SplittableRandom;

/**
 * Gaussian stand-ins for reply embeddings with the structure real traffic has: a per-reply
 * covariance W with a decaying spectrum (a few directions carry most of the variance, as in
 * sentence embeddings), and a topic mix that moves each bucket's mean along a handful of random
 * directions (covariance Ω), so bucket means vary more than W/n says.
 */
final class SyntheticTraffic {

    final int dimension;
    /** Standard deviation of each coordinate within a bucket: W is diagonal. */
    final double[] withinSd;
    /** Directions of the topic mix, each scaled by its standard deviation. */
    final double[][] topics;
    final double meanRepliesPerBucket;

    /**
     * @param withinTrace tr W
     * @param topicTrace  tr Ω, spread over {@code topicCount} random directions with weights 1, 1/2, 1/3, …
     */
    SyntheticTraffic(final int dimension, final double withinTrace, final int topicCount, final double topicTrace,
                     final double meanRepliesPerBucket, final long seed) {
        this.dimension = dimension;
        this.meanRepliesPerBucket = meanRepliesPerBucket;
        final SplittableRandom random = new SplittableRandom(seed);
        withinSd = new double[dimension];
        double sum = 0;
        for (int j = 0; j < dimension; j++) {
            sum += 1.0 / (j + 4);
        }
        for (int j = 0; j < dimension; j++) {
            withinSd[j] = Math.sqrt(withinTrace / (j + 4) / sum);
        }
        topics = new double[topicCount][dimension];
        double weights = 0;
        for (int t = 0; t < topicCount; t++) {
            weights += 1.0 / (t + 1);
        }
        for (int t = 0; t < topicCount; t++) {
            final double[] v = new double[dimension];
            for (int j = 0; j < dimension; j++) {
                v[j] = random.nextGaussian();
            }
            topics[t] = Vectors.scaled(v, Math.sqrt(topicTrace / (t + 1) / weights) / Vectors.norm(v));
        }
    }

    /**
     * One bucket's sums: a Poisson number of replies (at least one) around the bucket's topic-mix
     * mean plus {@code shift} on a share {@code mix} of its replies.
     */
    EmbeddingSums bucket(final SplittableRandom random, final double[] shift, final double mix) {
        final double[] weights = new double[topics.length];
        for (int t = 0; t < weights.length; t++) {
            weights[t] = random.nextGaussian();
        }
        return bucket(random, weights, shift, mix);
    }

    /**
     * One bucket whose topic-mix mean has the given weight on each topic direction (independent
     * standard normal weights give {@link #bucket(SplittableRandom, double[], double)}).
     */
    EmbeddingSums bucket(final SplittableRandom random, final double[] topicWeights, final double[] shift, final double mix) {
        final double[] centre = new double[dimension];
        for (int t = 0; t < topics.length; t++) {
            Vectors.addTo(centre, topics[t], topicWeights[t]);
        }
        final int n = Math.max(1, poisson(random, meanRepliesPerBucket));
        final EmbeddingHalves halves = new EmbeddingHalves(dimension);
        final float[] reply = new float[dimension];
        for (int r = 0; r < n; r++) {
            final boolean shifted = shift != null && random.nextDouble() < mix;
            for (int j = 0; j < dimension; j++) {
                reply[j] = (float) (centre[j] + withinSd[j] * random.nextGaussian() + (shifted ? shift[j] : 0.0));
            }
            halves.add(reply, random.nextBoolean());
        }
        return halves.sums();
    }

    private static int poisson(final SplittableRandom random, final double mean) {
        final double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
