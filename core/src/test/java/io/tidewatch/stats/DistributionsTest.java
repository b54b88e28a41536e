package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class DistributionsTest {

    private static final double RELATIVE = 1e-12;

    @Test
    void normalTailAtKnownPoints() {
        assertThat(Distributions.normalUpperTail(0.0)).isEqualTo(0.5);
        // Φ̄(1) = erfc(1/√2)/2 = 0.15865525393145707 (scipy.stats.norm.sf).
        assertRelative(Distributions.normalUpperTail(1.0), 0.15865525393145707);
        // Deep tails keep their relative accuracy: Φ̄(5) = 2.866515718791933e-7, Φ̄(8) = 6.22096057427174e-16.
        assertRelative(Distributions.normalUpperTail(5.0), 2.866515718791933e-7);
        assertRelative(Distributions.normalUpperTail(8.0), 6.22096057427174e-16);
        // Symmetry: Φ̄(−1.5) = 1 − Φ̄(1.5) = 0.9331927987311419.
        assertRelative(Distributions.normalUpperTail(-1.5), 0.9331927987311419);
    }

    @Test
    void normalQuantileInvertsTheTail() {
        // The classic 97.5% point, and one far in the tail (scipy.stats.norm.isf).
        assertThat(Distributions.normalUpperQuantile(0.025)).isCloseTo(1.959963984540054, within(1e-12));
        assertThat(Distributions.normalUpperQuantile(1e-6)).isCloseTo(4.753424308822899, within(1e-11));
        assertThat(Distributions.normalUpperQuantile(1e-9)).isCloseTo(5.9978070150076865, within(1e-11));
        assertThat(Distributions.normalUpperQuantile(0.9)).isCloseTo(-1.2815515655446004, within(1e-11));
    }

    @Test
    void fTailWithTwoNumeratorDegreesHasAClosedForm() {
        // F(2, d2): P(F > x) = (1 + 2x/d2)^(−d2/2); x = 1, d2 = 10: 1.2^−5 = 0.40187757201646...
        assertRelative(Distributions.fUpperTail(1.0, 2, 10), Math.pow(1.2, -5));
        // Its quantile: x = d2/2 · (p^(−2/d2) − 1); p = 0.05: 5 · (0.05^−0.2 − 1) = 4.1028210151304.
        assertThat(Distributions.fUpperQuantile(0.05, 2, 10)).isCloseTo(5.0 * (Math.pow(0.05, -0.2) - 1.0), within(1e-11));
    }

    @Test
    void fTailAndQuantileElsewhere() {
        // scipy.stats.f.sf(3.5, 32, 207) and f.isf(1e-5, 32, 207), the Hotelling case of a long calibration.
        assertRelative(Distributions.fUpperTail(3.5, 32, 207), 2.8817880349471218e-08);
        assertThat(Distributions.fUpperQuantile(1e-5, 32, 207)).isCloseTo(2.7363987843591313, within(1e-10));
        assertThat(Distributions.fUpperQuantile(1e-3, 7, 22)).isCloseTo(5.437552905702448, within(1e-10));
        // F(1, 1) is the square of a Cauchy ratio: P(F > 0.5) = 1 − (2/π)·atan(√0.5).
        assertRelative(Distributions.fUpperTail(0.5, 1, 1), 1.0 - 2.0 / Math.PI * Math.atan(Math.sqrt(0.5)));
    }

    @Test
    void chiSquareTailsWithClosedForms() {
        // χ²₂: P(X > x) = e^(−x/2); χ²₁: P(X > x) = 2·P(Z > √x).
        assertRelative(Distributions.chiSquareUpperTail(30.0, 2), Math.exp(-15.0));
        assertRelative(Distributions.chiSquareUpperTail(9.0, 1), 2 * Distributions.normalUpperTail(3.0));
        // Real degrees of freedom lie between their neighbours: at 20.5, χ²₄ has e^(−10.25)·(1 + 10.25) = 3.97·10⁻⁴
        // and χ²₅ about 10⁻³ (its 0.1% point is 20.515).
        assertThat(Distributions.chiSquareUpperTail(20.5, 4.7)).isBetween(Distributions.chiSquareUpperTail(20.5, 4), 1.0e-3);
        assertRelative(Distributions.chiSquareUpperTail(20.5, 4), Math.exp(-10.25) * 11.25);
        assertThatThrownBy(() -> Distributions.chiSquareUpperTail(1.0, 0)).hasMessageContaining("degrees of freedom");
    }

    @Test
    void studentQuantilesHaveHeavierTailsThanTheNormal() {
        // scipy.stats.t.isf: t₁₀(0.025) = 2.2281388519862753; t₁₄₃₉(10⁻⁶) = 4.772979526656242 (normal: 4.7534).
        assertThat(Distributions.studentUpperQuantile(0.025, 10)).isCloseTo(2.2281388519862753, within(1e-10));
        assertThat(Distributions.studentUpperQuantile(1e-6, 1439)).isCloseTo(4.772979526656242, within(1e-10));
        assertThatThrownBy(() -> Distributions.studentUpperQuantile(0.5, 10)).hasMessageContaining("(0, 1/2)");
    }

    @Test
    void specialFunctionsAtExactValues() {
        // ln Γ(1/2) = ln √π; ln Γ(10) = ln 9! = ln 362880.
        assertThat(Distributions.logGamma(0.5)).isCloseTo(0.5 * Math.log(Math.PI), within(1e-14));
        assertThat(Distributions.logGamma(10.0)).isCloseTo(Math.log(362880.0), within(1e-13));
        // I_0.3(2, 5) = 1 − Σ_{j<2} C(6,j)·0.3^j·0.7^(6−j) = 1 − (0.117649 + 0.302526) = 0.579825.
        assertThat(Distributions.regularizedBeta(0.3, 2.0, 5.0)).isCloseTo(0.579825, within(1e-14));
        // Q(1, x) = e^(−x).
        assertRelative(Distributions.gammaQ(1.0, 2.5), Math.exp(-2.5));
        assertRelative(Distributions.gammaQ(1.0, 0.3), Math.exp(-0.3));
    }

    @Test
    void rejectsProbabilitiesOutsideTheOpenUnitInterval() {
        assertThatThrownBy(() -> Distributions.normalUpperQuantile(0.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(0, 1)");
        assertThatThrownBy(() -> Distributions.fUpperQuantile(1.0, 2, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Distributions.fUpperTail(1.0, 0, 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("d1");
    }

    private static void assertRelative(final double actual, final double expected) {
        assertThat(actual).isCloseTo(expected, within(RELATIVE * Math.abs(expected)));
    }
}
