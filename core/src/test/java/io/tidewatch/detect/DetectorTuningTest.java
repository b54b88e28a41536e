package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidewatch.stats.Distributions;
import io.tidewatch.stats.Reference;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorTuningTest {

    /** σ = 0.1, τ² = 0.00005, 50 replies per bucket: a typical bucket's mean has variance 0.0002 + 0.00005 = 0.00025. */
    private static Reference reference(final double meanVariance) {
        return new Reference(0.0, 0.01, 0.00005, meanVariance, 1440, 72_000);
    }

    @Test
    void bankMembersAreHalfTheBucketShiftOfEachPerReplyShift() {
        final DetectorTuning tuning = DetectorTuning.of(reference(0.0), 1e6, List.of(0.1, 0.2, 0.4), 1440);
        // Δz = δ·σ/√0.00025 = δ × 6.3245553; k = Δz/2: 0.31623, 0.63246, 1.26491.
        assertThat(tuning.members()).extracting(Cusum::k).satisfiesExactly(
                k -> assertThat(k).isCloseTo(0.316227766, within(1e-9)),
                k -> assertThat(k).isCloseTo(0.632455532, within(1e-9)),
                k -> assertThat(k).isCloseTo(1.264911064, within(1e-9)));
        assertThat(tuning.members()).allSatisfy(m -> assertThat(m.h()).isEqualTo(CusumThreshold.forArl0(m.k(), 1e6)));
        assertThat(tuning.shifts()).containsExactly(0.1, 0.2, 0.4);
    }

    @Test
    void largeShiftsAreCappedAndNotDuplicated() {
        // 0.8 → k = 2.53 and 1.6 → 5.06 are both capped at 2: one member.
        final DetectorTuning tuning = DetectorTuning.of(reference(0.0), 1e6, List.of(0.8, 1.6), 1440);
        assertThat(tuning.members()).extracting(Cusum::k).containsExactly(DetectorTuning.MAX_K);
        assertThat(tuning.shifts()).containsExactly(0.8);
    }

    @Test
    void spikeAndSlowThresholdsAreStudentQuantilesOfTheirShare() {
        final DetectorTuning tuning = DetectorTuning.of(reference(0.0), 1e6, List.of(0.1), 1440);
        // Spike: P(z > c) = 1/ARL₀; slow: one block of 1440 buckets, P(Z > c) = 1440/ARL₀; both with
        // B − 1 = 1439 degrees of freedom (scipy.stats.t.isf(1e-6, 1439) = 4.772979526656242).
        assertThat(tuning.spikeThreshold()).isCloseTo(4.772979526656242, within(1e-10));
        assertThat(tuning.slowThreshold()).isEqualTo(Distributions.studentUpperQuantile(1.44e-3, 1439));
    }

    @Test
    void referenceUncertaintyRaisesTheThresholds() {
        // Var(μ̂) = 0.00025/16: s = 1/4 in standard units of a typical bucket.
        final DetectorTuning tuning = DetectorTuning.of(reference(0.00025 / 16), 1e6, List.of(0.4), 1440);
        assertThat(tuning.spikeThreshold()).isCloseTo(Math.sqrt(1 + 1.0 / 16) * 4.772979526656242, within(1e-9));
        final Cusum member = tuning.members().get(0);
        assertThat(member.h()).isEqualTo(CusumThreshold.forAverageRate(member.k(), 1e6, 0.25).orElseThrow())
                .isGreaterThan(CusumThreshold.forArl0(member.k(), 1e6));
    }
}
