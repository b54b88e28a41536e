package io.tidewatch.detect;

import java.util.OptionalDouble;

/**
 * Threshold of a one-sided CUSUM for a target in-control average run length, by Siegmund's
 * approximation for standard normal observations.
 */
public final class CusumThreshold {

    /** Siegmund's boundary correction for normal data: the effective threshold is h + 1.166. */
    static final double BOUNDARY_CORRECTION = 1.166;

    private static final double RELATIVE_TOLERANCE = 1e-12;
    private static final int MAX_ITERATIONS = 200;
    /** Thresholds above this are of no practical use; a member that would need one is dropped. */
    private static final double MAX_THRESHOLD = 1e4;
    /** The reference error is integrated over ±this many standard deviations. */
    private static final double ERROR_RANGE = 10.0;
    private static final int INTEGRATION_STEPS = 800;

    private CusumThreshold() {
    }

    /**
     * Siegmund's approximation of the in-control average run length, in observations, of an upper
     * CUSUM with reference value {@code k} and threshold {@code h} on N(0,1) observations.
     */
    public static double arl0(final double k, final double h) {
        requirePositive("k", k);
        return averageRunLength(-k, h);
    }

    /**
     * Siegmund's approximation of the average run length of an upper CUSUM with threshold h whose
     * increments z − k are normal with mean {@code drift} and variance 1.
     */
    static double averageRunLength(final double drift, final double h) {
        final double b = h + BOUNDARY_CORRECTION;
        final double x = -2.0 * drift * b;
        if (Math.abs(x) < 1e-6) {
            // The limit drift → 0 is b²; the series keeps precision where e^x − x − 1 would cancel.
            return b * b * (1.0 + x / 3.0);
        }
        // Siegmund (1985): ARL ≈ (exp(−2Δb) + 2Δb − 1) / (2Δ²), b = h + 1.166.
        return (Math.expm1(x) - x) / (2.0 * drift * drift);
    }

    /**
     * The threshold whose false-alarm rate, averaged over the estimation error ε ~ N(0, s²) of the
     * reference mean (in standard units), is 1/{@code arl0}. Every bucket of a stream shares the
     * same ε, so the error acts as a persistent shift; ignoring it would let a short calibration
     * period spend the false-alarm budget several times over.
     *
     * @param referenceSd s, standard deviation of the reference mean's error in standard units
     * @return the threshold, or empty if none below {@value #MAX_THRESHOLD} meets the rate
     */
    public static OptionalDouble forAverageRate(final double k, final double arl0, final double referenceSd) {
        final double target = 1.0 / arl0;
        double low = forArl0(k, arl0);
        if (referenceSd == 0.0) {
            return OptionalDouble.of(low);
        }
        double high = 2.0 * low;
        while (alarmRate(k, high, referenceSd) > target) {
            if (high > MAX_THRESHOLD) {
                return OptionalDouble.empty();
            }
            low = high;
            high *= 2.0;
        }
        for (int i = 0; i < MAX_ITERATIONS && high - low > RELATIVE_TOLERANCE * high; i++) {
            final double mid = 0.5 * (low + high);
            if (alarmRate(k, mid, referenceSd) > target) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return OptionalDouble.of(high);
    }

    /** E_ε[1/ARL] over ε ~ N(0, s²): the long-run false-alarm rate averaged over reference errors. */
    static double alarmRate(final double k, final double h, final double referenceSd) {
        // Composite Simpson rule over ε ∈ [−10s, 10s]; the integrand is smooth.
        final double step = 2.0 * ERROR_RANGE * referenceSd / INTEGRATION_STEPS;
        double sum = 0;
        for (int i = 0; i <= INTEGRATION_STEPS; i++) {
            final double error = -ERROR_RANGE * referenceSd + i * step;
            final double weight = i == 0 || i == INTEGRATION_STEPS ? 1 : (i % 2 == 1 ? 4 : 2);
            sum += weight * normalDensity(error / referenceSd) / referenceSd / averageRunLength(error - k, h);
        }
        return sum * step / 3.0;
    }

    private static double normalDensity(final double z) {
        return Math.exp(-0.5 * z * z) / Math.sqrt(2.0 * Math.PI);
    }

    /**
     * The threshold h at which {@link #arl0(double, double)} equals {@code arl0}.
     *
     * @throws IllegalArgumentException if {@code k <= 0}, {@code arl0 <= 1}, or {@code arl0} is so
     *                                  small that the threshold would not be positive
     */
    public static double forArl0(final double k, final double arl0) {
        requirePositive("k", k);
        if (!(arl0 > 1.0) || Double.isInfinite(arl0)) {
            throw new IllegalArgumentException("arl0 must be finite and greater than 1, got " + arl0);
        }
        final double floor = arl0(k, 0.0);
        if (arl0 <= floor) {
            throw new IllegalArgumentException("arl0 " + arl0 + " is not above " + floor
                    + ", the approximation's value at threshold 0 for k = " + k);
        }
        return solveExponent(2.0 * k * k * arl0) / (2.0 * k) - BOUNDARY_CORRECTION;
    }

    /** Solves e^x − x − 1 = c for x > 0 by Newton's method. */
    private static double solveExponent(final double c) {
        // Start above the root: e^x − x − 1 ≥ x²/2 gives x* ≤ √(2c), hence x* = ln(1 + c + x*) ≤ ln(1 + c + √(2c)).
        final double upper = Math.sqrt(2.0 * c);
        double x = Math.min(upper, Math.log1p(c + upper));
        for (int i = 0; i < MAX_ITERATIONS; i++) {
            // Newton step on the convex increasing g(x) = e^x − x − 1 − c, g'(x) = e^x − 1; monotone from above.
            final double step = (Math.expm1(x) - x - c) / Math.expm1(x);
            x -= step;
            if (Math.abs(step) <= RELATIVE_TOLERANCE * x) {
                return x;
            }
        }
        throw new IllegalStateException("Newton iteration did not converge for c = " + c);
    }

    private static void requirePositive(final String name, final double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }
}
