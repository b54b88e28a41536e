package io.tidewatch.detect;

/**
 * Threshold of a one-sided CUSUM for a target in-control average run length, by Siegmund's
 * approximation for standard normal observations.
 */
public final class CusumThreshold {

    /** Siegmund's boundary correction for normal data: the effective threshold is h + 1.166. */
    static final double BOUNDARY_CORRECTION = 1.166;

    private static final double RELATIVE_TOLERANCE = 1e-12;
    private static final int MAX_ITERATIONS = 200;

    private CusumThreshold() {
    }

    /**
     * Siegmund's approximation of the in-control average run length, in observations, of an upper
     * CUSUM with reference value {@code k} and threshold {@code h} on N(0,1) observations.
     */
    public static double arl0(final double k, final double h) {
        requirePositive("k", k);
        final double x = 2.0 * k * (h + BOUNDARY_CORRECTION);
        // Siegmund (1985): ARL₀ ≈ (exp(2k·b) − 2k·b − 1) / (2k²), b = h + 1.166.
        return (Math.expm1(x) - x) / (2.0 * k * k);
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
