package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PromptAttributionTest {

    /**
     * Ten copies of (0, 0), (1, 1), (2, 1), (3, 2): x̄ 1.5, ȳ 1, Σ(x − x̄)² 50, Σ(x − x̄)(y − ȳ) 30,
     * Σ(y − ȳ)² 20; the line's slope is 0.6 and its residual variance (20 − 0.6·30)/38 = 2/38.
     */
    private static PromptPairs reference() {
        PromptPairs pairs = PromptPairs.empty();
        for (int copy = 0; copy < 10; copy++) {
            pairs = pairs.plus(0, 0).plus(1, 1).plus(2, 1).plus(3, 2);
        }
        return pairs;
    }

    @Test
    void promptsThatMovedPredictTheirShareOfTheMoveAndTheRestIsStandardised() {
        // Evidence (3, 2.4) and (3, 2.0): the prompts moved 1.5, the replies 1.2, of which the line predicts 0.6·1.5 = 0.9.
        final PromptAttribution a = PromptAttribution.of(reference(), PromptPairs.empty().plus(3, 2.4).plus(3, 2.0), 1.0);
        assertThat(a.observed()).isCloseTo(1.2, within(1e-12));
        assertThat(a.predicted()).isCloseTo(0.9, within(1e-12));
        assertThat(a.replies()).isEqualTo(2);
        // Error² = (2/38)·((1/2 + 1/40) + 1.5²/50) = (2/38)·0.57 = 0.03.
        assertThat(a.modelZ()).isCloseTo(0.3 / Math.sqrt(0.03), within(1e-9));
        assertThat(a.promptShare()).isCloseTo(0.75, within(1e-12));
        assertThat(a.cause(1)).isEqualTo(PromptAttribution.Cause.PROMPTS);
        // Wider buckets widen the evidence's and reference's part of the error, not the slope's.
        final PromptAttribution wide = PromptAttribution.of(reference(), PromptPairs.empty().plus(3, 2.4).plus(3, 2.0), 4.0);
        assertThat(wide.modelZ()).isCloseTo(0.3 / Math.sqrt(2.0 / 38 * (4 * 0.525 + 0.045)), within(1e-9));
    }

    @Test
    void aMoveTheSamePromptsDoNotPredictIsTheModels() {
        PromptPairs evidence = PromptPairs.empty();
        for (int i = 0; i < 10; i++) {
            evidence = evidence.plus(1.5, 2.0);
        }
        final PromptAttribution a = PromptAttribution.of(reference(), evidence, 1.0);
        assertThat(a.predicted()).isCloseTo(0.0, within(1e-12));
        assertThat(a.modelZ()).isCloseTo(1.0 / Math.sqrt(2.0 / 38 * (0.1 + 0.025)), within(1e-9));
        assertThat(a.cause(1)).isEqualTo(PromptAttribution.Cause.MODEL);
        // However short the evidence, a move the prompts do not predict stays the model's.
        final PromptAttribution short1 = PromptAttribution.of(reference(), PromptPairs.empty().plus(1.5, 1.2).plus(1.5, 1.2), 1.0);
        assertThat(short1.modelZ()).isLessThan(PromptAttribution.MODEL_Z);
        assertThat(short1.cause(1)).isEqualTo(PromptAttribution.Cause.MODEL);
    }

    @Test
    void aMoveBeyondWhatThePromptsPredictNamesBoth() {
        PromptPairs evidence = PromptPairs.empty();
        for (int i = 0; i < 20; i++) {
            evidence = evidence.plus(3, 2.8);
        }
        // Observed 1.8, predicted 0.9: half; the other 0.9 is far beyond noise.
        final PromptAttribution a = PromptAttribution.of(reference(), evidence, 1.0);
        assertThat(a.promptShare()).isCloseTo(0.5, within(1e-12));
        assertThat(a.modelZ()).isGreaterThan(PromptAttribution.MODEL_Z);
        assertThat(a.cause(1)).isEqualTo(PromptAttribution.Cause.PROMPTS_AND_MODEL);
    }

    @Test
    void aLowerSideMoveIsJudgedInItsOwnDirection() {
        // Prompts down 1.5, replies down 0.9: all predicted.
        final PromptAttribution a = PromptAttribution.of(reference(), PromptPairs.empty().plus(0, 0.1).plus(0, 0.1), 1.0);
        assertThat(a.observed()).isCloseTo(-0.9, within(1e-12));
        assertThat(a.promptShare()).isCloseTo(1.0, within(1e-12));
        assertThat(a.cause(-1)).isEqualTo(PromptAttribution.Cause.PROMPTS);
    }

    @Test
    void noAttributionWithoutEnoughScoredPromptsOrPromptsThatVary() {
        PromptPairs few = PromptPairs.empty();
        for (int i = 0; i < PromptAttribution.MIN_REFERENCE - 1; i++) {
            few = few.plus(i % 3, i % 2);
        }
        final PromptPairs evidence = PromptPairs.empty().plus(1, 1).plus(2, 2);
        assertThat(PromptAttribution.of(few, evidence, 1.0)).isNull();
        assertThat(PromptAttribution.of(few.plus(0, 0), evidence, 1.0)).isNotNull();
        PromptPairs constant = PromptPairs.empty();
        for (int i = 0; i < 40; i++) {
            constant = constant.plus(0.2, i % 2);
        }
        assertThat(PromptAttribution.of(constant, evidence, 1.0)).isNull();
        assertThat(PromptAttribution.of(reference(), PromptPairs.empty().plus(1, 1), 1.0)).isNull();
        assertThat(PromptAttribution.of(reference(), null, 1.0)).isNull();
    }

    @Test
    void pairsMergeByAddition() {
        final PromptPairs a = PromptPairs.empty().plus(1, 2).plus(3, 4);
        final PromptPairs b = PromptPairs.empty().plus(5, 6);
        assertThat(a.merge(b)).isEqualTo(PromptPairs.empty().plus(1, 2).plus(3, 4).plus(5, 6));
        assertThat(a.merge(null)).isSameAs(a);
        assertThat(a.merge(b).meanPrompt()).isCloseTo(3.0, within(1e-12));
        assertThat(a.merge(b).meanReply()).isCloseTo(4.0, within(1e-12));
    }
}
