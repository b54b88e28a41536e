package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.Random;
import java.util.UUID;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class HashingTest {

    private static final int IDS = 200_000;

    /** Counts of the ids falling in each tenth of [0, 1) must each be within four standard errors of a tenth. */
    private static void assertUniform(final IntFunction<String> id) {
        final int[] tenths = new int[10];
        for (int i = 0; i < IDS; i++) {
            final double position = Hashing.samplePosition(id.apply(i));
            assertThat(position).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
            tenths[(int) (position * 10)]++;
        }
        final double standardError = Math.sqrt(IDS * 0.1 * 0.9);
        for (final int count : tenths) {
            assertThat((double) count).isCloseTo(IDS * 0.1, offset(4 * standardError));
        }
    }

    @Test
    void samplePositionsAreUniformOnSequentialAndRandomIds() {
        // Sequential ids differ in their last characters only, the hardest case for a weak hash.
        assertUniform(i -> "conv-" + i);
        assertUniform(i -> Integer.toString(i));
        final Random random = new Random(7);
        assertUniform(i -> new UUID(random.nextLong(), random.nextLong()).toString());
    }

    @Test
    void aOnePercentSampleHoldsOnePercentAndBothHalvesAlike() {
        int sampled = 0;
        int firstHalf = 0;
        for (int i = 0; i < IDS; i++) {
            final String id = "c" + i;
            if (Hashing.sampled(id, 0.01)) {
                sampled++;
                if (Hashing.firstHalf(id.hashCode())) {
                    firstHalf++;
                }
            }
        }
        assertThat((double) sampled).isCloseTo(IDS * 0.01, offset(4 * Math.sqrt(IDS * 0.01 * 0.99)));
        // The sample must not favour one half of the split the unexplained-shift detector verifies on.
        assertThat((double) firstHalf).isCloseTo(sampled * 0.5, offset(4 * Math.sqrt(sampled * 0.25)));
    }

    @Test
    void theSampleDependsOnTheIdAloneAndRatesZeroAndOneAreNoneAndAll() {
        assertThat(Hashing.samplePosition("abc")).isEqualTo(Hashing.samplePosition(new String("abc".toCharArray())));
        assertThat(Hashing.samplePosition("abc")).isNotEqualTo(Hashing.samplePosition("abd"));
        for (int i = 0; i < 1000; i++) {
            assertThat(Hashing.sampled("x" + i, 0.0)).isFalse();
            assertThat(Hashing.sampled("x" + i, 1.0)).isTrue();
        }
    }
}
