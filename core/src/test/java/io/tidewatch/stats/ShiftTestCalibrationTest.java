package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The shift test's false-alarm rate, measured on traffic that does not match its own model: a
 * topic mix concentrated on a few directions (the statistic has about five degrees of freedom, the
 * hardest case for a moment-matched tail), bucket sizes that vary, and a reference estimated anew
 * from 240 buckets in every trial, so that its estimation error counts.
 */
class ShiftTestCalibrationTest {

    private static final int TRIALS = 2000;

    @Test
    void underNoChangeTheTestAlarmsNoMoreOftenThanItsLevelSays() {
        final SyntheticTraffic traffic = new SyntheticTraffic(384, 0.7, 6, 0.05, 8, 1);
        final SplittableRandom random = new SplittableRandom(7);
        int belowTenth = 0;
        int belowHundredth = 0;
        int belowThousandth = 0;
        double ratio = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            final ShiftAccumulator acc = ShiftAccumulator.empty(traffic.dimension);
            for (int b = 0; b < 240; b++) {
                acc.add(traffic.bucket(random, null, 0), b * 60_000L);
            }
            final ShiftReference reference = acc.estimate();
            final EmbeddingSums window = EmbeddingSums.empty(traffic.dimension);
            double squares = 0;
            for (int b = 0; b < 60; b++) {
                final EmbeddingSums bucket = traffic.bucket(random, null, 0);
                window.merge(bucket);
                squares += (double) bucket.count * bucket.count;
            }
            final ShiftTest test = reference.test(window, squares);
            ratio += test.statistic() / test.mean();
            belowTenth += test.pValue() < 0.1 ? 1 : 0;
            belowHundredth += test.pValue() < 0.01 ? 1 : 0;
            belowThousandth += test.pValue() < 0.001 ? 1 : 0;
        }
        // E[Q] = tr V: the mean ratio has a standard error of about √(2/ν)/√TRIALS ≈ 0.015.
        assertThat(ratio / TRIALS).isCloseTo(1.0, within(0.06));
        // Counts are binomial; each bound is the level's expectation plus four standard deviations
        // (200 + 54, 20 + 18, 2 + 6). The lower bounds allow the caution the test buys on purpose
        // (tr V² and tr V³ at their estimate plus three standard errors): with two, a 5000-trial run gave 8.5%,
        // 1.1% and 0.12%.
        assertThat(belowTenth).isBetween(100, 254);
        assertThat(belowHundredth).isBetween(4, 38);
        assertThat(belowThousandth).isLessThanOrEqualTo(8);
    }

    @Test
    void aThemeInOneReplyInTenIsFoundInFourHoursOfReplies() {
        // A milder topic mix over more directions than above: the test does not whiten, so a mix as
        // concentrated as the calibration case's would hide a faint theme for longer (see docs/detection.md).
        final SyntheticTraffic traffic = new SyntheticTraffic(384, 0.7, 20, 0.01, 8, 1);
        final SplittableRandom random = new SplittableRandom(11);
        // A theme moves each carrying reply by 0.35 in a random direction: about 40% of a reply's spread
        // (√0.7 ≈ 0.84), the size of a sentence-level theme in a 170-token reply.
        final double[] theme = new double[traffic.dimension];
        for (int j = 0; j < theme.length; j++) {
            theme[j] = random.nextGaussian();
        }
        final double[] shift = Vectors.scaled(theme, 0.35 / Vectors.norm(theme));
        int found = 0;
        final int trials = 50;
        for (int trial = 0; trial < trials; trial++) {
            final ShiftAccumulator acc = ShiftAccumulator.empty(traffic.dimension);
            for (int b = 0; b < 240; b++) {
                acc.add(traffic.bucket(random, null, 0), b * 60_000L);
            }
            final EmbeddingSums window = EmbeddingSums.empty(traffic.dimension);
            double squares = 0;
            for (int b = 0; b < 240; b++) {
                final EmbeddingSums bucket = traffic.bucket(random, shift, 0.1);
                window.merge(bucket);
                squares += (double) bucket.count * bucket.count;
            }
            found += acc.estimate().test(window, squares).pValue() < 1e-4 ? 1 : 0;
        }
        // 10⁻⁴ is about the level each horizon is judged at under the default budget. A run of this test
        // found 43 of 50 (median p 1.7·10⁻⁶); binomial standard deviation 2.5, so 4 of them below is 33.
        assertThat(found).as("windows of about 1,900 replies at p < 10⁻⁴, out of %d", trials).isGreaterThanOrEqualTo(33);
    }
}
