package io.tidewatch.stats;

/**
 * Where a segment's mean embedding sits under its anchored reference, and how much a window's
 * mean embedding wanders around it by chance, in the whole embedding: the traces of the bucket
 * mean covariance S (topic mix and sampling) and of the within-bucket covariance W, and of their
 * products, give the moments of a window's {@link ShiftTest} statistic.
 *
 * @param meanEmbedding     reference mean embedding ē_R (unnormalised)
 * @param traces            traces of S, W and their products
 * @param meanInverseCount  mean of 1/n over calibration buckets
 * @param squaredCountShare Σn²/N² over calibration buckets
 * @param bucketCount       calibration buckets B
 * @param replyCount        calibration replies N
 * @param inflation         how much correlation between buckets widens the covariance of a window's
 *                          mean (at least 1; batch means by the hour, {@link ShiftAccumulator}):
 *                          V is multiplied by it
 */
public record ShiftReference(double[] meanEmbedding, CovarianceTraces traces, double meanInverseCount, double squaredCountShare,
                             long bucketCount, long replyCount, double inflation) {

    /** References stored before the inflation was estimated read it as missing (0): no inflation. */
    public ShiftReference {
        inflation = inflation >= 1.0 ? inflation : 1.0;
    }

    /** A reference with no inflation. */
    public ShiftReference(final double[] meanEmbedding, final CovarianceTraces traces, final double meanInverseCount,
                          final double squaredCountShare, final long bucketCount, final long replyCount) {
        this(meanEmbedding, traces, meanInverseCount, squaredCountShare, bucketCount, replyCount, 1.0);
    }

    /**
     * Standard errors added to tr V² and tr V³ (see {@link #test}). With two, {@code bench detection}'s
     * unexplained-shift row spent 17–20 false alarms against 15 allowed over three seeds; with three,
     * 14–17 over four (62 against 60 in all).
     */
    static final double ERRORS = 3.0;

    /**
     * Whether this holds what the test needs: a reference written before the full-embedding test
     * has no traces, and is replaced by a new calibration.
     */
    public boolean isCurrent() {
        return traces != null && meanEmbedding != null;
    }

    /**
     * Tests a window's mean embedding against the reference's.
     *
     * @param window                 the window's sums
     * @param windowSumSquaredCounts Σn² over the window's buckets
     */
    public ShiftTest test(final EmbeddingSums window, final double windowSumSquaredCounts) {
        final double n = window.count;
        final double[] d = shift(window);
        // Each mean has covariance Ω·Σn²/N² + W/N, and E[S] = Ω + W·mean(1/n). With b the Σn²/N² of
        // window plus reference and a their 1/N: V = Cov(d) = b·S + (a − b·mean(1/n))·W. The second
        // coefficient is often negative (Σn²/N² and mean(1/n) both grow with the spread of bucket
        // sizes): it removes the W that S holds, and clamping it at zero would overstate V by a fifth
        // at Poisson bucket sizes.
        final double b = windowSumSquaredCounts / (n * n) + squaredCountShare;
        final double a = 1.0 / n + 1.0 / replyCount;
        final double c = a - b * meanInverseCount;
        // tr V² (the scale) and tr V³ (the skew, hence the tail) are estimated with one third of the
        // calibration per factor. Each is taken at its estimate plus ERRORS standard errors, so that an
        // unlucky calibration errs toward fewer alarms: a larger tr V³ means fewer degrees of freedom
        // and a heavier tail; tr V³ is first scaled with tr V² so that the two errors do not cancel.
        final double traceV2 = traces.second(b, c);
        final double caution = traceV2 > 0 ? 1 + ERRORS * traces.secondError(b, c) / traceV2 : 1;
        final double traceV3 = (traces.third(b, c) + ERRORS * traces.thirdError(b, c)) * Math.pow(caution, 1.5);
        // Correlation between buckets widens V by a factor: tr V, tr V² and tr V³ by its powers.
        final double f = inflation;
        return ShiftTest.of(Vectors.dot(d, d), traces.first(b, c) * f, traceV2 * caution * f * f, traceV3 * f * f * f, d.length);
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
