package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CusumThresholdTest {

    @Test
    void siegmundValueForKHalfAndHFour() {
        // b = 4 + 1.166 = 5.166, 2k·b = 5.166, e^5.166 = 175.2125835783;
        // ARL₀ = (175.2125835783 − 5.166 − 1) / (2 × 0.25) = 169.0465835783 / 0.5 = 338.0931671566.
        assertThat(CusumThreshold.arl0(0.5, 4.0)).isCloseTo(338.0931671566, within(1e-9));
    }

    @Test
    void forArl0InvertsArl0() {
        for (final double k : new double[] {0.05, 0.25, 0.5, 1.0, 2.0}) {
            for (final double h : new double[] {0.5, 2.0, 4.0, 8.0}) {
                assertThat(CusumThreshold.forArl0(k, CusumThreshold.arl0(k, h))).isCloseTo(h, within(1e-9 * h));
            }
        }
    }

    @Test
    void thresholdForAFiveHundredBucketArl() {
        // e^x − x − 1 = 2 × 0.25 × 500 = 250 gives x = 5.5473131041; h = x / (2 × 0.5) − 1.166 = 4.3813131041.
        assertThat(CusumThreshold.forArl0(0.5, 500)).isCloseTo(4.3813131041, within(1e-9));
    }

    @Test
    void rejectsInvalidArguments() {
        assertThatThrownBy(() -> CusumThreshold.forArl0(0.0, 500)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("k");
        assertThatThrownBy(() -> CusumThreshold.forArl0(-0.5, 500)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CusumThreshold.forArl0(0.5, 1.0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("arl0");
        assertThatThrownBy(() -> CusumThreshold.forArl0(0.5, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CusumThreshold.arl0(0.0, 4.0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runLengthWithoutDriftIsTheSquaredEffectiveThreshold() {
        // Siegmund's limit as the drift vanishes: ARL = b², b = h + 1.166 = 5.166.
        assertThat(CusumThreshold.averageRunLength(0.0, 4.0)).isCloseTo(5.166 * 5.166, within(1e-9));
        assertThat(CusumThreshold.averageRunLength(1e-9, 4.0)).isCloseTo(5.166 * 5.166, within(1e-6));
        assertThat(CusumThreshold.averageRunLength(-0.5, 4.0)).isEqualTo(CusumThreshold.arl0(0.5, 4.0));
    }

    @Test
    void alarmRateAveragedOverTheReferenceError() {
        // ∫ φ(ε/s)/s / ARL(ε − k, h) dε for k = 0.5, h = 4 (scipy.integrate.quad):
        // s = 0.1 → 0.003546399858797443, s = 0.3 → 0.008515966762544278; without error 1/338.09 = 0.0029578.
        assertThat(CusumThreshold.alarmRate(0.5, 4.0, 0.1)).isCloseTo(0.003546399858797443, within(1e-9));
        assertThat(CusumThreshold.alarmRate(0.5, 4.0, 0.3)).isCloseTo(0.008515966762544278, within(1e-8));
    }

    @Test
    void thresholdForAnAverageRateMeetsItAboveTheErrorFreeThreshold() {
        assertThat(CusumThreshold.forAverageRate(0.5, 500, 0.0)).hasValue(CusumThreshold.forArl0(0.5, 500));
        final double h = CusumThreshold.forAverageRate(0.5, 500, 0.1).orElseThrow();
        assertThat(h).isGreaterThan(CusumThreshold.forArl0(0.5, 500));
        assertThat(CusumThreshold.alarmRate(0.5, h, 0.1) * 500).isCloseTo(1.0, within(1e-9));
    }

    @Test
    void noThresholdWhenTheReferenceErrorIsAsLargeAsTheShift() {
        // With s = 0.5 ≫ k = 0.05, a third of references sit above k and the CUSUM drifts up: no threshold helps.
        assertThat(CusumThreshold.forAverageRate(0.05, 1e6, 0.5)).isEmpty();
    }

    @Test
    void rejectsTargetsThatWouldNeedANonPositiveThreshold() {
        // At h = 0: b = 1.166, (e^1.166 − 1.166 − 1) / 0.5 ≈ 2.086, so an ARL₀ of 2 has no positive threshold.
        assertThatThrownBy(() -> CusumThreshold.forArl0(0.5, 2.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("threshold 0");
    }
}
