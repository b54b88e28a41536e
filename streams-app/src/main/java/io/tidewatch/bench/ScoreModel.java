package io.tidewatch.bench;

import io.tidewatch.stats.Moments;
import java.util.SplittableRandom;

/**
 * Synthetic concept scores with overdispersion: each bucket has {@code repliesPerBucket} replies
 * whose scores are N(μ + b + shift, σ²) around a bucket effect b ~ N(0, τ²) (a topic mix that
 * changes from bucket to bucket). Buckets are drawn as exact sufficient statistics: the mean is
 * normal and the within-bucket sum of squares is σ²·χ²(n − 1).
 *
 * @param repliesPerBucket n
 * @param mean             μ
 * @param spread           σ, the per-reply standard deviation
 * @param excessVariance   τ², the between-bucket variance of the bucket mean beyond σ²/n
 */
public record ScoreModel(int repliesPerBucket, double mean, double spread, double excessVariance) {

    /** The sums of one bucket whose replies' mean score is shifted by {@code shift}. */
    public Moments bucket(final SplittableRandom random, final double shift) {
        final int n = repliesPerBucket;
        final double mean = this.mean + shift + Math.sqrt(excessVariance) * random.nextGaussian()
                + spread / Math.sqrt(n) * random.nextGaussian();
        final double within = spread * spread * 2.0 * gamma(random, 0.5 * (n - 1));
        return new Moments(n, n * mean, within + n * mean * mean);
    }

    /** Overdispersion factor: variance of a bucket mean relative to sampling alone, 1 + nτ²/σ². */
    public double overdispersion() {
        return 1.0 + repliesPerBucket * excessVariance / (spread * spread);
    }

    /** A Gamma(shape, 1) draw, shape ≥ 1, by Marsaglia and Tsang (2000). */
    private static double gamma(final SplittableRandom random, final double shape) {
        final double d = shape - 1.0 / 3.0;
        final double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            final double x = random.nextGaussian();
            final double v = Math.pow(1.0 + c * x, 3);
            if (v > 0 && Math.log(random.nextDouble()) < 0.5 * x * x + d * (1.0 - v + Math.log(v))) {
                return d * v;
            }
        }
    }
}
