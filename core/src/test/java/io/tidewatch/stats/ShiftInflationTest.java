package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shift reference's inflation on buckets whose topic mix persists: each topic weight is AR(1)
 * with persistence φ from bucket to bucket. An hour of B = 60 buckets then has a mean whose topic
 * part varies by tr Ω·(1 + 2Σ_k (1 − k/B)·φᵏ)/B instead of tr Ω/B, and the inflation is the ratio
 * of the hour mean's total variance to its independent value. Over 200 hours, the tolerance is four
 * standard errors of a variance estimated from 199 degrees of freedom.
 */
class ShiftInflationTest {

    @Test
    void theInflationIsTheBatchMeansRatioOfPersistentTopicMixesAndOneForIndependentOnes() {
        for (final double phi : new double[] {0.0, 0.5, 0.9}) {
            final SyntheticTraffic traffic = new SyntheticTraffic(64, 0.7, 6, 0.05, 8, 1);
            final SplittableRandom random = new SplittableRandom(11);
            final ShiftAccumulator acc = ShiftAccumulator.empty(traffic.dimension);
            final double[] weights = new double[traffic.topics.length];
            for (int b = 0; b < 200 * 60; b++) {
                for (int t = 0; t < weights.length; t++) {
                    weights[t] = phi * weights[t] + Math.sqrt(1 - phi * phi) * random.nextGaussian();
                }
                acc.add(traffic.bucket(random, weights, null, 0), b * 60_000L);
            }
            double sum = 0;
            for (int k = 1; k < 60; k++) {
                sum += (1 - k / 60.0) * Math.pow(phi, k);
            }
            // Poisson(8) bucket sizes, at least one: N ≈ 480 replies an hour.
            final double withinPart = 0.7 / 480;
            final double expected = (0.05 * (1 + 2 * sum) / 60 + withinPart) / (0.05 / 60 + withinPart);
            assertThat(acc.estimate().inflation()).as("φ = %s", phi)
                    .isCloseTo(Math.max(1.0, expected), within(4 * expected * Math.sqrt(2.0 / 199) + 0.02));
        }
    }
}
