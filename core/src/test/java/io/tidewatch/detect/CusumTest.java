package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CusumTest {

    @Test
    void updateSequence() {
        final Cusum cusum = new Cusum(0.5, 4.0);
        // S = max(0, S + z − 0.5) over z = 1.0, 2.0, −3.0, 0.5, 1.5, 3.0, 1.0:
        // 0.5, 2.0, max(0, −1.5) = 0, 0, 1.0, 3.5, 4.0.
        final double[] zs = {1.0, 2.0, -3.0, 0.5, 1.5, 3.0, 1.0};
        final double[] expected = {0.5, 2.0, 0.0, 0.0, 1.0, 3.5, 4.0};
        double s = 0.0;
        for (int i = 0; i < zs.length; i++) {
            s = cusum.update(s, zs[i]);
            assertThat(s).as("after z[%d]", i).isCloseTo(expected[i], within(1e-15));
        }
    }

    @Test
    void forBudgetUsesSiegmundThreshold() {
        final Cusum cusum = Cusum.forBudget(0.5, 500);
        assertThat(cusum.k()).isEqualTo(0.5);
        assertThat(cusum.h()).isEqualTo(CusumThreshold.forArl0(0.5, 500));
    }

    @Test
    void rejectsNonFiniteInputs() {
        final Cusum cusum = new Cusum(0.5, 4.0);
        assertThatThrownBy(() -> cusum.update(0.0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cusum.update(Double.POSITIVE_INFINITY, 0.0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cusum(0.5, 0.0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Cusum(-0.1, 4.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
