package io.tidewatch.stats;

import java.util.SplittableRandom;

/**
 * Synthetic concept scores with overdispersion: each bucket has {@code repliesPerBucket} replies
 * whose scores are N(μ + b + shift, σ²) around a bucket effect b of variance τ² (a topic mix that
 * changes from bucket to bucket). Buckets are drawn as exact sufficient statistics: the mean is
 * normal and the within-bucket sum of squares is σ²·χ²(n − 1). With {@code persistence} φ the
 * effects of successive buckets are AR(1), b_t = φ·b_{t−1} + √(1 − φ²)·τ·ξ_t, so the topic mix
 * lingers; φ = 0 makes them independent, as the detectors assume.
 *
 * @param repliesPerBucket n
 * @param mean             μ
 * @param spread           σ, the per-reply standard deviation
 * @param excessVariance   τ², the between-bucket variance of the bucket mean beyond σ²/n
 * @param persistence      φ in [0, 1), the correlation of successive buckets' effects
 */
public record ScoreModel(int repliesPerBucket, double mean, double spread, double excessVariance, double persistence) {

    /** Validates that the persistence is a correlation the effects can keep forever. */
    public ScoreModel {
        if (!(persistence >= 0.0 && persistence < 1.0)) {
            throw new IllegalArgumentException("persistence must be in [0, 1), got " + persistence);
        }
    }

    /** Independent bucket effects. */
    public ScoreModel(final int repliesPerBucket, final double mean, final double spread, final double excessVariance) {
        this(repliesPerBucket, mean, spread, excessVariance, 0.0);
    }

    /** The same scores with successive bucket effects correlated by {@code persistence}. */
    public ScoreModel withPersistence(final double persistence) {
        return new ScoreModel(repliesPerBucket, mean, spread, excessVariance, persistence);
    }

    /** The sums of one bucket whose replies' mean score is shifted by {@code shift}, with an independent effect. */
    public Moments bucket(final SplittableRandom random, final double shift) {
        return bucket(random, shift, nextEffect(random, 0.0));
    }

    /** The effect of the bucket after one whose effect was {@code previous}; stationary variance τ². */
    public double nextEffect(final SplittableRandom random, final double previous) {
        // AR(1): b_t = φ·b_{t−1} + √(1 − φ²)·τ·ξ_t keeps Var(b) = τ² and Corr(b_t, b_{t−j}) = φʲ.
        return persistence * previous + Math.sqrt((1.0 - persistence * persistence) * excessVariance) * random.nextGaussian();
    }

    /** The sums of one bucket with bucket effect {@code effect} whose replies' mean score is shifted by {@code shift}. */
    public Moments bucket(final SplittableRandom random, final double shift, final double effect) {
        final int n = repliesPerBucket;
        final double mean = this.mean + shift + effect + spread / Math.sqrt(n) * random.nextGaussian();
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
