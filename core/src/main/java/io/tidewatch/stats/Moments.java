package io.tidewatch.stats;

/**
 * Count, sum and sum of squares of a set of scores: the sufficient statistics of a bucket's mean
 * and variance. Merging is plain addition, so it is associative and commutative and can be done
 * in any order by a windowed aggregation.
 *
 * @param count      number of scores
 * @param sum        sum of the scores
 * @param sumSquares sum of the squared scores
 */
public record Moments(long count, double sum, double sumSquares) {

    /** Validates that the count is not negative. */
    public Moments {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, got " + count);
        }
    }

    /** The moments of no scores. */
    public static Moments empty() {
        return new Moments(0, 0.0, 0.0);
    }

    /** The moments of the given scores. */
    public static Moments of(final double... xs) {
        Moments moments = empty();
        for (final double x : xs) {
            moments = moments.plus(x);
        }
        return moments;
    }

    /** These moments with one more score. */
    public Moments plus(final double x) {
        return new Moments(count + 1, sum + x, sumSquares + x * x);
    }

    /** The moments of the union of both sets of scores. */
    public Moments merge(final Moments other) {
        return new Moments(count + other.count, sum + other.sum, sumSquares + other.sumSquares);
    }

    /** The arithmetic mean, or NaN when there are no scores. */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    /** The unbiased sample variance (divisor n - 1), or NaN with fewer than two scores. */
    public double variance() {
        if (count < 2) {
            return Double.NaN;
        }
        // Sample variance from power sums: (Σx² − (Σx)²/n) / (n − 1), clamped at 0 against rounding.
        return Math.max(0.0, (sumSquares - sum * sum / count) / (count - 1));
    }
}
