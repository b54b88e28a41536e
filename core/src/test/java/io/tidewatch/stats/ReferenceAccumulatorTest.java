package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ReferenceAccumulatorTest {

    private static final double EPS = 1e-12;

    @Test
    void estimatesMeanWithinAndExcessVarianceOfThreeBuckets() {
        // A = {0.1, 0.3}:      n=2, Σ=0.4, mean 0.2, SS = 0.01 + 0.09 − 0.4²/2 = 0.10 − 0.08 = 0.02
        // B = {0.5, 0.7, 0.9}: n=3, Σ=2.1, mean 0.7, SS = 0.25 + 0.49 + 0.81 − 2.1²/3 = 1.55 − 1.47 = 0.08
        // C = {−0.2, 0.2}:     n=2, Σ=0.0, mean 0.0, SS = 0.04 + 0.04 − 0 = 0.08
        // N = 7, B = 3.
        // μ  = (0.4 + 2.1 + 0.0) / 7 = 2.5 / 7
        // σ² = (0.02 + 0.08 + 0.08) / (7 − 3) = 0.18 / 4 = 0.045
        // means 0.2, 0.7, 0.0 around 0.3: deviations −0.1, 0.4, −0.3; s²_m = (0.01 + 0.16 + 0.09) / 2 = 0.13
        // mean(σ²/n_i) = 0.045 × (1/2 + 1/3 + 1/2) / 3 = 0.045 × 4/9 = 0.02
        // τ² = max(0, 0.13 − 0.02) = 0.11
        final Reference r = ReferenceAccumulator.empty()
                .plus(Moments.of(0.1, 0.3))
                .plus(Moments.of(0.5, 0.7, 0.9))
                .plus(Moments.of(-0.2, 0.2))
                .estimate();
        assertThat(r.mean()).isCloseTo(2.5 / 7, within(EPS));
        assertThat(r.variance()).isCloseTo(0.045, within(EPS));
        assertThat(r.excessVariance()).isCloseTo(0.11, within(EPS));
        // Var(μ̂) = σ²/N + τ²·Σn²/N² = 0.045/7 + 0.11 × (4 + 9 + 4)/49 = (0.315 + 1.87)/49 = 2.185/49.
        assertThat(r.meanVariance()).isCloseTo(2.185 / 49, within(EPS));
        assertThat(r.bucketCount()).isEqualTo(3);
        assertThat(r.replyCount()).isEqualTo(7);
        assertThat(r.spread()).isCloseTo(Math.sqrt(0.045), within(EPS));
    }

    @Test
    void excessVarianceClampsToZeroWhenBucketMeansAgree() {
        // A = {0.1, 0.5}:      mean 0.3, SS = 0.01 + 0.25 − 0.6²/2 = 0.26 − 0.18 = 0.08
        // B = {0.2, 0.4}:      mean 0.3, SS = 0.04 + 0.16 − 0.6²/2 = 0.20 − 0.18 = 0.02
        // C = {0.0, 0.6, 0.3}: mean 0.3, SS = 0 + 0.36 + 0.09 − 0.9²/3 = 0.45 − 0.27 = 0.18
        // μ = (0.6 + 0.6 + 0.9) / 7 = 0.3; σ² = (0.08 + 0.02 + 0.18) / (7 − 3) = 0.07
        // s²_m = 0 (identical means), so τ² = max(0, 0 − 0.07 × (1/2 + 1/2 + 1/3) / 3) = 0.
        final Reference r = ReferenceAccumulator.empty()
                .plus(Moments.of(0.1, 0.5))
                .plus(Moments.of(0.2, 0.4))
                .plus(Moments.of(0.0, 0.6, 0.3))
                .estimate();
        assertThat(r.mean()).isCloseTo(0.3, within(EPS));
        assertThat(r.variance()).isCloseTo(0.07, within(EPS));
        assertThat(r.excessVariance()).isZero();
    }

    @Test
    void ignoresEmptyBuckets() {
        final ReferenceAccumulator acc = ReferenceAccumulator.empty().plus(Moments.of(0.1, 0.3));
        assertThat(acc.plus(Moments.empty())).isEqualTo(acc);
    }

    @Test
    void isEstimableOnlyWithTwoBucketsAndMoreRepliesThanBuckets() {
        final ReferenceAccumulator one = ReferenceAccumulator.empty().plus(Moments.of(0.1, 0.3, 0.5));
        final ReferenceAccumulator singletons = ReferenceAccumulator.empty()
                .plus(Moments.of(0.1)).plus(Moments.of(0.2));
        assertThat(ReferenceAccumulator.empty().isEstimable()).isFalse();
        assertThat(one.isEstimable()).isFalse();
        assertThat(singletons.isEstimable()).isFalse();
        assertThat(singletons.plus(Moments.of(0.1, 0.2)).isEstimable()).isTrue();
        assertThatThrownBy(one::estimate)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 bucket(s)")
                .hasMessageContaining("need at least 2 buckets");
    }

    /**
     * Hourly batch means measure how correlation between buckets widens sums of them. Buckets of
     * 10 replies (σ = 1) with an AR(1) bucket effect of variance τ² = σ²/n and persistence φ: an
     * hour of 60 buckets has mean variance (σ²/n + τ²·(1 + 2Σ_k (1 − k/60)·φᵏ))/60, against
     * (σ²/n + τ²)/60 were they independent. Over 1,000 hours the estimate's standard error is
     * about √(2/999) of it; the tolerance is four of those.
     */
    @Test
    void theInflationIsTheBatchMeansRatioOfCorrelatedBucketsAndOneForIndependentOnes() {
        for (final double phi : new double[] {0.0, 0.5, 0.8}) {
            final ScoreModel model = new ScoreModel(10, 0.0, 1.0, 0.1, phi);
            final java.util.SplittableRandom random = new java.util.SplittableRandom(17);
            ReferenceAccumulator acc = ReferenceAccumulator.empty();
            double effect = 0;
            for (int bucket = 0; bucket < 60_000; bucket++) {
                effect = model.nextEffect(random, effect);
                acc = acc.plus(model.bucket(random, 0.0, effect), PromptPairs.empty(), bucket * 60_000L);
            }
            double sum = 0;
            for (int k = 1; k < 60; k++) {
                sum += (1 - k / 60.0) * Math.pow(phi, k);
            }
            final double expected = (0.1 + 0.1 * (1 + 2 * sum)) / 0.2;
            final Reference reference = acc.estimate();
            assertThat(reference.inflation()).as("φ = %s", phi).isCloseTo(Math.max(1.0, expected), within(4 * expected * Math.sqrt(2.0 / 999) + 0.02));
            assertThat(reference.bucketVariance(10)).isCloseTo((reference.variance() / 10 + reference.excessVariance()) * reference.inflation(), within(EPS));
        }
    }

    @Test
    void withoutHoursOrWithFewerThanEightThereIsNoInflation() {
        ReferenceAccumulator acc = ReferenceAccumulator.empty();
        for (int bucket = 0; bucket < 7 * 60; bucket++) {
            acc = acc.plus(Moments.of(bucket / 60 % 2 == 0 ? 0.0 : 1.0, 0.5), PromptPairs.empty(), bucket * 60_000L);
        }
        assertThat(acc.hours()).hasSize(7);
        assertThat(acc.estimate().inflation()).isEqualTo(1.0);
        assertThat(acc.plus(Moments.of(1.0, 0.5), PromptPairs.empty(), 7 * 3_600_000L).hours()).hasSize(8);
        // Hours that alternate between two means are far more spread than their buckets say.
        ReferenceAccumulator eight = acc;
        for (int bucket = 7 * 60; bucket < 8 * 60; bucket++) {
            eight = eight.plus(Moments.of(1.0, 0.5), PromptPairs.empty(), bucket * 60_000L);
        }
        assertThat(eight.estimate().inflation()).isGreaterThan(10);
        assertThat(ReferenceAccumulator.empty().plus(Moments.of(0.1, 0.3)).hours()).isEmpty();
    }
    /**
     * The adjusted accumulator is exact: the reference it estimates equals that of an accumulator
     * fed each reply's adjusted score a = y − b·(x − x̄) directly (a reply without a prompt keeps y).
     * Buckets mix prompted and unprompted replies, and a topic effect moves prompts and replies
     * of an hour together.
     */
    @Test
    void theAdjustedSumsGiveExactlyTheReferenceOfTheAdjustedScores() {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        final PromptLine line = new PromptLine(0.7, 0.05);
        ReferenceAccumulator fromSums = ReferenceAccumulator.empty();
        ReferenceAccumulator direct = ReferenceAccumulator.empty();
        for (int bucket = 0; bucket < 12 * 60; bucket++) {
            final double topic = 0.1 * Math.sin(bucket / 60.0);
            Moments replies = Moments.empty();
            Moments adjusted = Moments.empty();
            PromptPairs pairs = PromptPairs.empty();
            for (int i = 0; i < 1 + random.nextInt(8); i++) {
                final double prompt = topic + 0.1 * random.nextGaussian();
                final double reply = 0.1 + 0.6 * prompt + 0.05 * random.nextGaussian();
                final boolean prompted = random.nextInt(4) > 0;
                replies = replies.plus(reply);
                adjusted = adjusted.plus(prompted ? reply - line.slope() * (prompt - line.promptMean()) : reply);
                pairs = prompted ? pairs.plus(prompt, reply) : pairs;
            }
            fromSums = fromSums.plus(replies, pairs, bucket * 60_000L);
            direct = direct.plus(adjusted, PromptPairs.empty(), bucket * 60_000L);
            assertThat(line.adjust(replies, pairs).sum()).isCloseTo(adjusted.sum(), within(1e-9));
            assertThat(line.adjust(replies, pairs).sumSquares()).isCloseTo(adjusted.sumSquares(), within(1e-9));
        }
        final Reference expected = direct.estimate();
        final Reference actual = fromSums.adjusted(line).estimate();
        assertThat(actual.mean()).isCloseTo(expected.mean(), within(1e-9));
        assertThat(actual.variance()).isCloseTo(expected.variance(), within(1e-9));
        assertThat(actual.excessVariance()).isCloseTo(expected.excessVariance(), within(1e-9));
        assertThat(actual.inflation()).isCloseTo(expected.inflation(), within(1e-6));
        assertThat(actual.meanVariance()).isCloseTo(expected.meanVariance(), within(1e-9));
        // The hours' topic swings drive the raw scores' inflation; the adjusted scores follow it less.
        assertThat(fromSums.estimate().inflation()).isGreaterThan(2 * actual.inflation());
    }

    /** The line is the calibration's own: fitted on the same prompted replies, the adjusted mean is the raw one. */
    @Test
    void theReferenceOfTheAdjustedScoreUsesTheCalibrationsLineOnlyWhenItsSumsSawTheSamePrompts() {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(6);
        ReferenceAccumulator acc = ReferenceAccumulator.empty();
        PromptPairs calibration = PromptPairs.empty();
        for (int bucket = 0; bucket < 100; bucket++) {
            Moments replies = Moments.empty();
            PromptPairs pairs = PromptPairs.empty();
            for (int i = 0; i < 5; i++) {
                final double prompt = 0.1 * random.nextGaussian();
                final double reply = 0.5 * prompt + 0.05 * random.nextGaussian();
                replies = replies.plus(reply);
                pairs = pairs.plus(prompt, reply);
            }
            acc = acc.plus(replies, pairs, bucket * 60_000L);
            calibration = calibration.merge(pairs);
        }
        final Reference adjusted = acc.estimate(calibration);
        assertThat(adjusted.line()).isEqualTo(PromptLine.of(calibration));
        assertThat(adjusted.line().slope()).isCloseTo(0.5, within(0.05));
        assertThat(adjusted.mean()).isCloseTo(acc.estimate().mean(), within(EPS));
        // The prompts explain most of the spread: 0.05² of 0.05² + 0.05² is left.
        assertThat(adjusted.variance() / acc.estimate().variance()).isCloseTo(0.5, within(0.1));
        // Sums that missed some of the calibration's prompts (an earlier version's state) give the reference of the score itself.
        final PromptPairs more = calibration.plus(0.1, 0.05);
        assertThat(acc.estimate(more)).isEqualTo(acc.estimate());
        assertThat(acc.estimate(null)).isEqualTo(acc.estimate());
    }
}
