package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReferenceTest {

    @Test
    void standardizesBucketMeanWithSamplingAndExcessVariance() {
        final Reference reference = new Reference(0.2, 0.09, 0.01, 0.0, 10, 1000);
        // Nine replies with mean 0.4: z = (0.4 − 0.2) / sqrt(0.09/9 + 0.01) = 0.2 / sqrt(0.02) = √2.
        final Moments bucket = Moments.of(0.4, 0.4, 0.4, 0.1, 0.7, 0.4, 0.2, 0.6, 0.4);
        assertThat(reference.standardize(bucket)).isCloseTo(Math.sqrt(2.0), within(1e-12));
    }

    @Test
    void withoutExcessVarianceItIsTheClassicalZScore() {
        // σ = 0.5, n = 4, mean 0.0 vs μ = 0.25: z = −0.25 / (0.5 / 2) = −1.
        final Reference reference = new Reference(0.25, 0.25, 0.0, 0.0, 5, 50);
        assertThat(reference.standardize(Moments.of(-0.5, 0.5, -0.25, 0.25))).isCloseTo(-1.0, within(1e-12));
        assertThat(reference.spread()).isEqualTo(0.5);
    }

    @Test
    void emptyBucketStandardizesToNaN() {
        assertThat(new Reference(0.0, 0.1, 0.0, 0.0, 2, 10).standardize(Moments.empty())).isNaN();
    }
}
