package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ShiftReferenceTest {

    private static final double EPS = 1e-12;

    /**
     * Five buckets whose sketches are zero except the first coordinate; (n_A, n_B, Σy_A, Σy_B) and Σe:
     * (2, 2, 2, 1) [4, 0]; (1, 3, 0, 1.5) [0, 4]; (2, 1, 1, 1) [3, 3]; (3, 3, 3, 0) [6, 0]; (1, 1, .5, .5) [1, 1].
     */
    private static ShiftAccumulator fiveBuckets() {
        final ShiftAccumulator acc = ShiftAccumulator.empty(2);
        acc.add(bucket(2, 2, 2.0, 1.0, 4, 0));
        acc.add(bucket(1, 3, 0.0, 1.5, 0, 4));
        acc.add(bucket(2, 1, 1.0, 1.0, 3, 3));
        acc.add(bucket(3, 3, 3.0, 0.0, 6, 0));
        acc.add(bucket(1, 1, 0.5, 0.5, 1, 1));
        return acc;
    }

    @Test
    void estimatesMeansAndBothCovariances() {
        final ShiftReference r = fiveBuckets().estimate();
        // N = 19, Σy = 10.5: ȳ_R = 21/38. Σe = [14, 8]: ē_R = [14/19, 8/19].
        assertThat(r.replyCount()).isEqualTo(19);
        assertThat(r.meanSketch()[0]).isCloseTo(21.0 / 38, within(EPS));
        assertThat(r.meanEmbedding()).containsExactly(new double[] {14.0 / 19, 8.0 / 19}, within(EPS));
        // Bucket means 3/4, 3/8, 2/3, 1/2, 1/2 around 67/120: S = Σ(m − m̄)²/4 = 1/45.
        assertThat(r.bucketMeanCovariance()[0]).isCloseTo(1.0 / 45, within(EPS));
        // Half differences δ = 1/2, −1/2, −1/2, 1, 0 with weights n_A·n_B/n = 1, 3/4, 2/3, 3/2, 1/2:
        // Σw·δ² = 1/4 + 3/16 + 1/6 + 3/2 + 0 = 101/48, over 5 buckets: Σ_w = 101/240.
        assertThat(r.withinCovariance()[0]).isCloseTo(101.0 / 240, within(EPS));
        // mean(1/n) = (1/4 + 1/4 + 1/3 + 1/6 + 1/2)/5 = 3/10; Σn²/N² = (16 + 16 + 9 + 36 + 4)/361 = 81/361.
        assertThat(r.meanInverseCount()).isCloseTo(0.3, within(EPS));
        assertThat(r.squaredCountShare()).isCloseTo(81.0 / 361, within(EPS));
        // (B − 1)/4 = 1 sketch coordinate is well estimated from five buckets.
        assertThat(r.dimensions()).isEqualTo(1);
    }

    @Test
    void hotellingStatisticOfAWindow() {
        final ShiftReference r = fiveBuckets().estimate();
        // A window of 10 replies in five buckets of 2 (Σn² = 20), mean sketch 0.8, Σe = [5, 5].
        final EmbeddingSums window = bucket(5, 5, 4.0, 4.0, 5, 5);
        // d = 0.8 − 21/38 = 47/190; b = 20/100 + 81/361 = 766/1805; a = 1/10 + 1/19 = 29/190;
        // c = a − b·3/10 = 457/18050; Cov = b·(1/45) + c·(101/240) = 261031/12996000;
        // T² = d²/Cov = 795240/261031.
        assertThat(r.statistic(window, 20)).isCloseTo(795240.0 / 261031, within(1e-10));
        assertThat(r.shift(window)).containsExactly(new double[] {0.5 - 14.0 / 19, 0.5 - 8.0 / 19}, within(EPS));
    }

    @Test
    void withLargerBucketsThanInCalibrationTheWithinTermIsClampedAtZero() {
        final ShiftReference r = fiveBuckets().estimate();
        // One bucket of 10: b = 1 + 81/361 = 442/361, a − b·3/10 < 0, so Cov = b·S = 442/16245.
        final EmbeddingSums window = bucket(5, 5, 4.0, 4.0, 5, 5);
        final double d = 47.0 / 190;
        assertThat(r.statistic(window, 100)).isCloseTo(d * d / (442.0 / 16245), within(1e-10));
    }

    @Test
    void thresholdIsTheScaledFQuantile() {
        // ν = B − 1 = 4, k = 1: T²* = ν·k/(ν − k + 1) · F⁻¹(p; k, ν − k + 1) = F⁻¹(0.05; 1, 4) = 7.708647422176786 (scipy).
        assertThat(fiveBuckets().estimate().threshold(0.05)).isCloseTo(7.708647422176786, within(1e-9));
    }

    @Test
    void standardisedSizeIsTheNormalQuantileOfTheStatisticsChance() {
        final ShiftReference reference = fiveBuckets().estimate();
        // At the threshold for p the chance is p, so the size is the z with P(Z > z) = p: 1.6448536 for 5%, 3.0902323 for 0.1%.
        assertThat(reference.standardizedSize(reference.threshold(0.05))).isCloseTo(1.6448536269514722, within(1e-9));
        assertThat(reference.standardizedSize(reference.threshold(0.001))).isCloseTo(3.090232306167813, within(1e-9));
        assertThat(reference.standardizedSize(0.0)).as("no shift at all: as likely as anything").isCloseTo(-8.2, within(0.1));
        // F(1, 4) has a polynomial tail: P(F > 10¹²) ≈ 10⁻²³, and the size stays finite however far the statistic goes.
        assertThat(reference.standardizedSize(1e12)).as("far beyond any threshold").isGreaterThan(reference.standardizedSize(reference.threshold(1e-9)))
                .isFinite();
        assertThat(reference.standardizedSize(Double.MAX_VALUE)).isFinite();
    }

    @Test
    void perReplySpreadOfUnitEmbeddingsFollowsFromTheMeanLength() {
        // E|e − ē|² = 1 − |ē|² for unit e: 1 − (196 + 64)/361 = 101/361.
        assertThat(fiveBuckets().estimate().perReplySpread()).isCloseTo(Math.sqrt(101.0) / 19, within(EPS));
    }

    @Test
    void needsMoreThanFourBucketsTwoSplitOnesAndBucketMeansThatVary() {
        final ShiftAccumulator acc = ShiftAccumulator.empty(2);
        for (int i = 0; i < 4; i++) {
            acc.add(bucket(1, 1, 1.0, 0.0, 1, 0));
        }
        assertThat(acc.isEstimable()).isFalse();
        assertThatThrownBy(acc::estimate).isInstanceOf(IllegalStateException.class).hasMessageContaining("4 bucket(s)");
        // A fifth bucket with the same mean sketch (1/2): enough buckets, but no covariance to test against.
        acc.add(bucket(2, 0, 1.0, 0.0, 1, 0));
        assertThat(acc.isEstimable()).isFalse();
        acc.add(bucket(2, 0, 2.0, 0.0, 1, 0));
        assertThat(acc.isEstimable()).isTrue();
    }

    @Test
    void usesOnlySketchCoordinatesThatAreNotCombinationsOfEarlierOnes() {
        // Embeddings of length 3 span at most 3 of the 32 sketch coordinates, however many buckets there are;
        // with more, the covariance would be singular and the test could not be formed.
        final ShiftAccumulator acc = ShiftAccumulator.empty(3);
        final java.util.Random random = new java.util.Random(3);
        EmbeddingSums last = null;
        for (int b = 0; b < 200; b++) {
            final EmbeddingHalves halves = new EmbeddingHalves(3);
            for (int i = 0; i < 6; i++) {
                final float[] e = {(float) random.nextGaussian(), (float) random.nextGaussian(), (float) random.nextGaussian()};
                halves.add(e, i % 2 == 0);
            }
            last = halves.sums();
            acc.add(last);
        }
        final ShiftReference reference = acc.estimate();
        assertThat(reference.dimensions()).isBetween(1, 3);
        assertThat(reference.statistic(last, 36)).isFinite().isNotNegative();
    }

    @Test
    void ignoresEmptyBuckets() {
        final ShiftAccumulator acc = fiveBuckets();
        acc.add(EmbeddingSums.empty(2));
        assertThat(acc.buckets).isEqualTo(5);
    }

    /** A bucket with the given halves on sketch coordinate 0 and Σe = [e0, e1]. */
    static EmbeddingSums bucket(final int countA, final int countB, final double sketchA, final double sketchB,
                                final double e0, final double e1) {
        final EmbeddingSums sums = EmbeddingSums.empty(2);
        sums.count = countA + countB;
        sums.countA = countA;
        sums.countB = countB;
        sums.sketchA[0] = sketchA;
        sums.sketchB[0] = sketchB;
        sums.sum[0] = e0;
        sums.sum[1] = e1;
        return sums;
    }
}
