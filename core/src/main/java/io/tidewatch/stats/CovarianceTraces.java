package io.tidewatch.stats;

/**
 * Traces of powers of the covariance V = b·S + c·W of a window's mean embedding minus the
 * reference's, where S is the covariance of bucket mean embeddings and W the per-reply
 * covariance within a bucket, both d×d (d = 384). The shift test needs tr V, tr V² and tr V³;
 * the first comes from exact full-embedding sums, the others from the sketch (see
 * {@link ShiftAccumulator}), so no d×d matrix is ever kept.
 *
 * @param between                 tr S
 * @param within                  tr W
 * @param betweenSquared          tr S², one estimate per pair of folds
 * @param betweenWithin           tr SW, one estimate per pair of folds
 * @param withinSquared           tr W², one estimate per pair of folds
 * @param betweenCubed            tr S³, one estimate per assignment of folds to the factors
 * @param betweenBetweenWithin    tr S²W, likewise
 * @param betweenWithinWithin     tr SW², likewise
 * @param withinCubed             tr W³, likewise
 */
public record CovarianceTraces(double between, double within, double[] betweenSquared, double[] betweenWithin, double[] withinSquared,
                               double[] betweenCubed, double[] betweenBetweenWithin, double[] betweenWithinWithin, double[] withinCubed) {

    /** tr V for V = b·S + c·W. */
    public double first(final double b, final double c) {
        return b * between + c * within;
    }

    /** tr V² for V = b·S + c·W (S and W symmetric, so tr SW = tr WS): the mean of the fold pairs' estimates. */
    public double second(final double b, final double c) {
        return mean(seconds(b, c));
    }

    /**
     * Standard error of {@link #second}, from the spread of the fold pairs' estimates. The estimates
     * share folds, so the spread understates the error somewhat; it is the part the data can show.
     */
    public double secondError(final double b, final double c) {
        return standardError(seconds(b, c));
    }

    private double[] seconds(final double b, final double c) {
        final double[] estimates = new double[betweenSquared.length];
        for (int k = 0; k < estimates.length; k++) {
            estimates[k] = b * b * betweenSquared[k] + 2 * b * c * betweenWithin[k] + c * c * withinSquared[k];
        }
        return estimates;
    }

    /** tr V³ for V = b·S + c·W: every word in S and W of length three is a cyclic shift of S³, S²W, SW² or W³. */
    public double third(final double b, final double c) {
        return mean(thirds(b, c));
    }

    /** Standard error of {@link #third}, from the spread of the fold assignments' estimates (which share folds). */
    public double thirdError(final double b, final double c) {
        return standardError(thirds(b, c));
    }

    private double[] thirds(final double b, final double c) {
        final double[] estimates = new double[betweenCubed.length];
        for (int k = 0; k < estimates.length; k++) {
            estimates[k] = b * b * b * betweenCubed[k] + 3 * b * b * c * betweenBetweenWithin[k] + 3 * b * c * c * betweenWithinWithin[k]
                    + c * c * c * withinCubed[k];
        }
        return estimates;
    }

    private static double mean(final double[] estimates) {
        double sum = 0;
        for (final double e : estimates) {
            sum += e;
        }
        return sum / estimates.length;
    }

    private static double standardError(final double[] estimates) {
        final double mean = mean(estimates);
        double squares = 0;
        for (final double e : estimates) {
            squares += (e - mean) * (e - mean);
        }
        final int m = estimates.length;
        return Math.sqrt(squares / (m - 1) / m);
    }
}
