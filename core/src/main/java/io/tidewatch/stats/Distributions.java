package io.tidewatch.stats;

import java.util.function.DoubleUnaryOperator;

/**
 * Tail probabilities and quantiles of the normal and F distributions, accurate to about 1e-13
 * relative, for turning a false-alarm probability into a detector threshold.
 */
public final class Distributions {

    private static final double EPSILON = 1e-16;
    private static final double TINY = 1e-300;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double[] LANCZOS = {57.1562356658629235, -59.5979603554754912, 14.1360979747417471,
        -0.491913816097620199, .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4,
        .158088703224912494e-3, -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3,
        .844182239838527433e-4, -.261908384015814087e-4, .368991826595316234e-5};

    private Distributions() {
    }

    /** P(Z > z) for a standard normal Z. */
    public static double normalUpperTail(final double z) {
        if (z < 0) {
            return 1.0 - normalUpperTail(-z);
        }
        // P(Z > z) = erfc(z/√2)/2 = Q(1/2, z²/2)/2 with Q the regularised upper incomplete gamma.
        return 0.5 * gammaQ(0.5, 0.5 * z * z);
    }

    /** The z with P(Z > z) = p, for p in (0, 1). */
    public static double normalUpperQuantile(final double p) {
        requireProbability(p);
        if (p > 0.5) {
            return -normalUpperQuantile(1.0 - p);
        }
        return solveDecreasing(Distributions::normalUpperTail, p, 0.0, 40.0);
    }

    /**
     * The t with P(T > t) = p for Student's T with {@code dof} degrees of freedom, p in (0, 1/2):
     * the tail of a statistic standardised by a variance estimated with that many degrees of freedom.
     */
    public static double studentUpperQuantile(final double p, final double dof) {
        if (!(p > 0.0 && p < 0.5)) {
            throw new IllegalArgumentException("probability must be in (0, 1/2), got " + p);
        }
        // T² ~ F(1, ν), so P(T > t) = P(F > t²)/2.
        return Math.sqrt(fUpperQuantile(2.0 * p, 1.0, dof));
    }

    /** P(F > x) for F with d1 and d2 degrees of freedom. */
    public static double fUpperTail(final double x, final double d1, final double d2) {
        requirePositive("d1", d1);
        requirePositive("d2", d2);
        if (x <= 0) {
            return 1.0;
        }
        // P(F > x) = I_{d2/(d2 + d1·x)}(d2/2, d1/2), the regularised incomplete beta function.
        return regularizedBeta(d2 / (d2 + d1 * x), 0.5 * d2, 0.5 * d1);
    }

    /** The x with P(F > x) = p for F with d1 and d2 degrees of freedom, p in (0, 1). */
    public static double fUpperQuantile(final double p, final double d1, final double d2) {
        requireProbability(p);
        double upper = 1.0;
        while (fUpperTail(upper, d1, d2) > p) {
            upper *= 2.0;
        }
        return solveDecreasing(x -> fUpperTail(x, d1, d2), p, 0.0, upper);
    }

    /** P(X > x) for X ~ χ² with {@code dof} degrees of freedom (any positive real). */
    public static double chiSquareUpperTail(final double x, final double dof) {
        requirePositive("degrees of freedom", dof);
        return gammaQ(0.5 * dof, 0.5 * x);
    }

    /** ln Γ(x) for x > 0. */
    static double logGamma(final double x) {
        // Lanczos approximation, g = 607/128, 14 terms (Numerical Recipes, 3rd ed., §6.1).
        double y = x;
        final double shifted = x + 5.24218750000000000;
        final double head = (x + 0.5) * Math.log(shifted) - shifted;
        double series = 0.999999999999997092;
        for (final double c : LANCZOS) {
            series += c / ++y;
        }
        return head + Math.log(2.5066282746310005 * series / x);
    }

    /** Q(a, x) = Γ(a, x)/Γ(a), the regularised upper incomplete gamma function. */
    static double gammaQ(final double a, final double x) {
        if (x <= 0) {
            return 1.0;
        }
        return x < a + 1.0 ? 1.0 - gammaSeries(a, x) : gammaContinuedFraction(a, x);
    }

    /** I_x(a, b), the regularised incomplete beta function. */
    static double regularizedBeta(final double x, final double a, final double b) {
        if (x <= 0) {
            return 0.0;
        }
        if (x >= 1) {
            return 1.0;
        }
        final double front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x));
        // The continued fraction converges fast for x < (a+1)/(a+b+2); otherwise use I_x(a,b) = 1 − I_{1−x}(b,a).
        return x < (a + 1.0) / (a + b + 2.0)
                ? front * betaContinuedFraction(x, a, b) / a
                : 1.0 - front * betaContinuedFraction(1.0 - x, b, a) / b;
    }

    private static double gammaSeries(final double a, final double x) {
        // P(a, x) = e^{−x} x^a / Γ(a+1) · Σ_n x^n / ((a+1)…(a+n)).
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS && Math.abs(term) > Math.abs(sum) * EPSILON; n++) {
            term *= x / (a + n);
            sum += term;
        }
        return sum * Math.exp(-x + a * Math.log(x) - logGamma(a));
    }

    private static double gammaContinuedFraction(final double a, final double x) {
        // Legendre's continued fraction for Γ(a, x), modified Lentz evaluation.
        double b = x + 1.0 - a;
        double c = 1.0 / TINY;
        double d = 1.0 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            final double an = -i * (i - a);
            b += 2.0;
            d = nonZero(an * d + b);
            c = nonZero(b + an / c);
            d = 1.0 / d;
            final double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - logGamma(a)) * h;
    }

    private static double betaContinuedFraction(final double x, final double a, final double b) {
        // Continued fraction of I_x(a, b) (Numerical Recipes, 3rd ed., §6.4), modified Lentz evaluation.
        double c = 1.0;
        double d = 1.0 / nonZero(1.0 - (a + b) * x / (a + 1.0));
        double h = d;
        for (int m = 1; m < MAX_ITERATIONS; m++) {
            final int m2 = 2 * m;
            final double even = m * (b - m) * x / ((a - 1.0 + m2) * (a + m2));
            d = 1.0 / nonZero(1.0 + even * d);
            c = nonZero(1.0 + even / c);
            h *= d * c;
            final double odd = -(a + m) * (a + b + m) * x / ((a + m2) * (a + 1.0 + m2));
            d = 1.0 / nonZero(1.0 + odd * d);
            c = nonZero(1.0 + odd / c);
            final double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1.0) < EPSILON) {
                break;
            }
        }
        return h;
    }

    /** The x in [lo, hi] where the decreasing f equals target, by bisection on the relative scale of f. */
    private static double solveDecreasing(final DoubleUnaryOperator f, final double target, final double lo, final double hi) {
        double low = lo;
        double high = hi;
        final double logTarget = Math.log(target);
        for (int i = 0; i < 200 && high - low > 1e-14 * Math.max(1.0, high); i++) {
            final double mid = 0.5 * (low + high);
            if (Math.log(f.applyAsDouble(mid)) > logTarget) {
                low = mid;
            } else {
                high = mid;
            }
        }
        return 0.5 * (low + high);
    }

    private static double nonZero(final double x) {
        return Math.abs(x) < TINY ? TINY : x;
    }

    private static void requireProbability(final double p) {
        if (!(p > 0.0 && p < 1.0)) {
            throw new IllegalArgumentException("probability must be in (0, 1), got " + p);
        }
    }

    private static void requirePositive(final String name, final double value) {
        if (!(value > 0.0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(name + " must be positive and finite, got " + value);
        }
    }
}
