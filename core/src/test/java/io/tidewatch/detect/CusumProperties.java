package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;

class CusumProperties {

    @Property
    void statisticIsNeverNegative(@ForAll @DoubleRange(min = 0.0, max = 3.0) final double k,
            @ForAll final List<@DoubleRange(min = -1e6, max = 1e6) Double> zs) {
        final Cusum cusum = new Cusum(k, 5.0);
        double s = 0.0;
        for (final double z : zs) {
            s = cusum.update(s, z);
            assertThat(s).isGreaterThanOrEqualTo(0.0);
        }
    }

    @Property
    void thresholdIsMonotoneIncreasingInArl0(@ForAll @DoubleRange(min = 0.01, max = 3.0) final double k,
            @ForAll @DoubleRange(min = 100.0, max = 1e9) final double arl0,
            @ForAll @DoubleRange(min = 1.01, max = 100.0) final double factor) {
        assertThat(CusumThreshold.forArl0(k, arl0 * factor)).isGreaterThan(CusumThreshold.forArl0(k, arl0));
    }

    @Property
    void forArl0RoundTripsThroughArl0(@ForAll @DoubleRange(min = 0.01, max = 3.0) final double k,
            @ForAll @DoubleRange(min = 100.0, max = 1e9) final double arl0) {
        final double h = CusumThreshold.forArl0(k, arl0);
        assertThat(CusumThreshold.arl0(k, h) / arl0).isBetween(1 - 1e-9, 1 + 1e-9);
    }
}
