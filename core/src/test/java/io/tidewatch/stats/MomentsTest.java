package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MomentsTest {

    @Test
    void meanAndVarianceOfSmallSet() {
        final Moments m = Moments.of(1, 2, 3, 4);
        // n = 4, Σx = 10, Σx² = 1 + 4 + 9 + 16 = 30.
        assertThat(m).isEqualTo(new Moments(4, 10.0, 30.0));
        // mean = 10 / 4 = 2.5.
        assertThat(m.mean()).isEqualTo(2.5);
        // variance = (30 − 10²/4) / (4 − 1) = 5 / 3.
        assertThat(m.variance()).isCloseTo(5.0 / 3.0, within(1e-15));
    }

    @Test
    void scoresInUnitRange() {
        final Moments m = Moments.of(-0.5, 0.25, 0.75);
        // Σx = 0.5, Σx² = 0.25 + 0.0625 + 0.5625 = 0.875; mean = 0.5 / 3.
        assertThat(m.mean()).isCloseTo(1.0 / 6.0, within(1e-15));
        // variance = (0.875 − 0.25/3) / 2 = (0.875 − 0.083333…) / 2 = 0.3958333….
        assertThat(m.variance()).isCloseTo(0.95 / 2.4, within(1e-15));
    }

    @Test
    void emptyAndSingletonAreUndefinedWhereTheyShouldBe() {
        assertThat(Moments.empty().mean()).isNaN();
        assertThat(Moments.empty().variance()).isNaN();
        assertThat(Moments.of(0.3).mean()).isEqualTo(0.3);
        assertThat(Moments.of(0.3).variance()).isNaN();
    }

    @Test
    void constantScoresHaveZeroVariance() {
        // Rounding in Σx² − (Σx)²/n must not turn into a negative variance.
        assertThat(Moments.of(0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1).variance()).isGreaterThanOrEqualTo(0.0)
                .isCloseTo(0.0, within(1e-15));
    }

    @Test
    void mergeAddsTheParts() {
        assertThat(Moments.of(1, 2).merge(Moments.of(3, 4))).isEqualTo(Moments.of(1, 2, 3, 4));
        assertThat(Moments.empty().merge(Moments.of(0.5))).isEqualTo(Moments.of(0.5));
    }
}
