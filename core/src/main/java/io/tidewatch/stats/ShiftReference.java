package io.tidewatch.stats;

/**
 * Where a segment's mean embedding sits under its anchored reference, and how much a window's
 * mean embedding wanders around it by chance. The test runs in the {@link EmbeddingSketch}: the
 * bucket-mean covariance S (topic mix and sampling) and the within-bucket covariance Σ_w give the
 * covariance of a window's mean sketch minus the reference's, and Hotelling's T² measures the
 * difference against it.
 *
 * @param meanEmbedding        reference mean embedding ē_R (unnormalised)
 * @param meanSketch           reference mean sketch
 * @param bucketMeanCovariance S, sample covariance of bucket mean sketches, packed
 * @param withinCovariance     Σ_w, per-reply covariance of the sketch within a bucket, packed
 * @param meanInverseCount     mean of 1/n over calibration buckets
 * @param squaredCountShare    Σn²/N² over calibration buckets
 * @param bucketCount          calibration buckets B
 * @param replyCount           calibration replies N
 * @param dimensions           sketch coordinates the test uses; at most (B − 1)/4 so that S is well estimated
 */
public record ShiftReference(double[] meanEmbedding, double[] meanSketch, double[] bucketMeanCovariance,
                             double[] withinCovariance, double meanInverseCount, double squaredCountShare,
                             long bucketCount, long replyCount, int dimensions) {

    /**
     * Hotelling's T² of a window's mean sketch against the reference's.
     *
     * @param window                the window's sums
     * @param windowSumSquaredCounts Σn² over the window's buckets
     */
    public double statistic(final EmbeddingSums window, final double windowSumSquaredCounts) {
        final double n = window.count;
        final double[] d = Vectors.difference(Vectors.scaled(window.sketchSum(), 1.0 / n), meanSketch);
        // Each mean has covariance Ω·Σn²/N² + Σ_w/N, and E[S] = Ω + Σ_w·mean(1/n). With b the Σn²/N²
        // of window plus reference and a their 1/N: Cov(d) = b·S + (a − b·mean(1/n))·Σ_w. The second
        // coefficient is clamped at zero (conservative when buckets are larger than in calibration).
        final double b = windowSumSquaredCounts / (n * n) + squaredCountShare;
        final double a = 1.0 / n + 1.0 / replyCount;
        final double[] covariance = Vectors.scaled(bucketMeanCovariance, b);
        Vectors.addTo(covariance, withinCovariance, Math.max(0.0, a - b * meanInverseCount));
        return Vectors.inverseQuadraticForm(covariance, d, dimensions);
    }

    /** The T² exceeded with probability {@code p} when nothing has changed. */
    public double threshold(final double p) {
        final double nu = bucketCount - 1.0;
        final double k = dimensions;
        // Hotelling: T²·(ν − k + 1)/(ν·k) ~ F(k, ν − k + 1) with ν degrees of freedom in the covariance estimate.
        return nu * k / (nu - k + 1.0) * Distributions.fUpperQuantile(p, k, nu - k + 1.0);
    }

    /**
     * A window's T² as the standard normal quantile of its chance under the reference: the z with
     * P(Z > z) = P(T² ≥ statistic) (3 is as rare as a three-sigma event), so one scale reads the same
     * for every segment whatever its number of sketch coordinates.
     */
    public double standardizedSize(final double statistic) {
        final double nu = bucketCount - 1.0;
        final double k = dimensions;
        final double p = Distributions.fUpperTail(statistic * (nu - k + 1.0) / (nu * k), k, nu - k + 1.0);
        // Kept inside (0, 1) so the quantile is finite: about ±37.5 at the ends.
        return Distributions.normalUpperQuantile(Math.min(Math.max(p, Double.MIN_NORMAL), 1.0 - 1e-16));
    }

    /** The window's mean embedding minus the reference's: the direction the traffic moved in. */
    public double[] shift(final EmbeddingSums window) {
        return Vectors.difference(window.mean(), meanEmbedding);
    }

    /** Root of the per-reply total variance of unit embeddings around ē_R: √(1 − |ē_R|²). */
    public double perReplySpread() {
        return Math.sqrt(Math.max(0.0, 1.0 - Vectors.dot(meanEmbedding, meanEmbedding)));
    }
}
