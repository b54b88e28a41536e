package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ShiftReferenceTest {

    private static final double EPS = 1e-12;

    @Test
    void aBucketsHalvesMeasureTheTraceOfTheWithinCovariance() {
        final EmbeddingHalves halves = new EmbeddingHalves(2);
        halves.add(new float[] {1, 0}, true);
        halves.add(new float[] {0, 1}, true);
        halves.add(new float[] {1, 1}, false);
        // m_A = (1/2, 1/2), m_B = (1, 1): |δ|² = 1/2, weight n_A·n_B/n = 2/3, so 1/3.
        assertThat(halves.sums().withinSquares).isCloseTo(1.0 / 3, within(EPS));
        final EmbeddingHalves oneSided = new EmbeddingHalves(2);
        oneSided.add(new float[] {1, 0}, true);
        assertThat(oneSided.sums().withinSquares).as("a bucket with one half empty measures nothing").isZero();
    }

    @Test
    void betweenTraceIsTheSampleVarianceOfBucketMeanEmbeddings() {
        final ShiftAccumulator acc = ShiftAccumulator.empty(2);
        final int buckets = 30;
        final double[][] means = new double[buckets][];
        for (int b = 0; b < buckets; b++) {
            final EmbeddingHalves halves = new EmbeddingHalves(2);
            // Replies (b mod 5, b mod 3) and (b mod 7, 1), one per half.
            halves.add(new float[] {b % 5, b % 3}, true);
            halves.add(new float[] {b % 7, 1}, false);
            means[b] = new double[] {(b % 5 + b % 7) / 2.0, (b % 3 + 1) / 2.0};
            acc.add(halves.sums(), b * 60_000L);
        }
        // Two passes over the means, not the accumulator's one-pass sums.
        final double[] grand = new double[2];
        for (final double[] m : means) {
            Vectors.addTo(grand, m, 1.0 / buckets);
        }
        double squares = 0;
        double within = 0;
        for (int b = 0; b < buckets; b++) {
            final double[] d = Vectors.difference(means[b], grand);
            squares += Vectors.dot(d, d);
            // Halves of one reply each: weight 1/2, δ = (b mod 5 − b mod 7, b mod 3 − 1).
            within += 0.5 * (Math.pow(b % 5 - b % 7, 2) + Math.pow(b % 3 - 1, 2));
        }
        final ShiftReference reference = acc.estimate();
        assertThat(reference.traces().between()).isCloseTo(squares / (buckets - 1), within(1e-9));
        assertThat(reference.traces().within()).isCloseTo(within / buckets, within(1e-9));
        assertThat(reference.meanInverseCount()).isCloseTo(0.5, within(EPS));
        assertThat(reference.squaredCountShare()).isCloseTo(1.0 / buckets, within(EPS));
    }

    @Test
    void sketchTracesUseOnlyDistinctIndicesAndEveryAssignmentOfFolds() {
        // k = d = 3, so pairs scale by d²/(k(k − 1)) = 3/2 and triples by d³/(k(k − 1)(k − 2)) = 9/2. Fold f's
        // matrix has f + 1 off the diagonal and 100 on it (which must not count).
        final double[][][] folds = new double[3][][];
        for (int f = 0; f < 3; f++) {
            folds[f] = new double[3][3];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    folds[f][i][j] = i == j ? 100 : f + 1;
                }
            }
        }
        final SketchTraces traces = new SketchTraces(3, 3);
        // Pair {r, s}: six off-diagonal entries of (r + 1)(s + 1), both orders averaged: 3/2·6·(r + 1)(s + 1).
        assertThat(traces.pairs(folds, folds)).containsExactly(new double[] {18, 27, 54}, within(EPS));
        // Each of the six assignments: six distinct (i, j, l), each 1·2·3: 9/2·36.
        assertThat(traces.triples(folds, folds, folds)).containsExactly(new double[] {162, 162, 162, 162, 162, 162}, within(1e-9));
    }

    @Test
    void theTestReadsTheStatisticOnTheChiSquareWithTheSameThreeMoments() {
        // tr V = 10, tr V² = 10 and tr V³ = √500 give ν = 10³/500 = 2, where P(χ²₂ > x) = e^(−x/2) exactly.
        // X = ν + (Q − tr V)·√(ν/tr V²) = 2 ln 1000 at Q = 10 + (2 ln 1000 − 2)/√0.2: p = 1/1000.
        final double q = 10 + (2 * Math.log(1000) - 2) / Math.sqrt(0.2);
        final ShiftTest test = ShiftTest.of(q, 10, 10, Math.sqrt(500), 384);
        assertThat(test.degrees()).isCloseTo(2.0, within(1e-12));
        assertThat(test.pValue()).isCloseTo(0.001, within(1e-12));
        assertThat(test.mean()).isEqualTo(10.0);
        assertThat(test.variance()).isEqualTo(20.0);
        assertThat(test.standardizedSize()).isCloseTo(3.090232306167813, within(1e-9));
        // Far below its mean a statistic is as likely as anything; a tr V³ that is not positive falls back
        // to the two-moment fit, ν = (tr V)²/tr V² = 10; ν never exceeds the dimension.
        assertThat(ShiftTest.of(0.0, 10, 10, Math.sqrt(500), 384).pValue()).isEqualTo(1.0);
        assertThat(ShiftTest.of(q, 10, 10, -1, 384).degrees()).isCloseTo(10.0, within(1e-12));
        assertThat(ShiftTest.of(q, 10, 10, 1e-9, 384).degrees()).isEqualTo(384.0);
        assertThatThrownBy(() -> ShiftTest.of(q, 0, 10, 1, 384)).hasMessageContaining("positive traces");
    }

    @Test
    void aWindowsCovarianceCombinesTheTracesWithItsOwnAndTheReferencesCounts() {
        final double[] none = {0, 0, 0};
        final double[] noneOfSix = {0, 0, 0, 0, 0, 0};
        final CovarianceTraces traces = new CovarianceTraces(2, 4, new double[] {1, 1, 1}, none, new double[] {4, 4, 4},
                new double[] {1, 1, 1, 1, 1, 1}, noneOfSix, noneOfSix, new double[] {8, 8, 8, 8, 8, 8});
        final ShiftReference reference = new ShiftReference(new double[] {0, 0}, traces, 0.25, 0.01, 100, 1000);
        final EmbeddingSums window = EmbeddingSums.empty(2);
        window.count = 100;
        window.sum = new double[] {3, 4};
        // d = (0.03, 0.04), Q = 0.0025. b = 400/100² + 0.01 = 0.05; a = 1/100 + 1/1000 = 0.011; c = a − b/4 = −0.0015.
        // tr V = 0.05·2 − 0.0015·4 = 0.094; tr V² = 0.05²·1 + 0.0015²·4 = 0.002509; tr V³ = 0.05³·1 − 0.0015³·8.
        // The fold estimates agree, so nothing is added for their spread.
        final ShiftTest expected = ShiftTest.of(0.0025, 0.094, 0.002509, 0.000125 - 2.7e-8, 2);
        final ShiftTest actual = reference.test(window, 400);
        assertThat(actual.statistic()).isCloseTo(0.0025, within(EPS));
        assertThat(actual.mean()).isCloseTo(expected.mean(), within(EPS));
        assertThat(actual.variance()).isCloseTo(expected.variance(), within(EPS));
        assertThat(actual.degrees()).isCloseTo(expected.degrees(), within(1e-9));
        assertThat(actual.pValue()).isCloseTo(expected.pValue(), within(1e-12));
        assertThat(reference.shift(window)).containsExactly(new double[] {0.03, 0.04}, within(EPS));
    }

    @Test
    void spreadBetweenFoldEstimatesMakesTheTestMoreCautious() {
        final double[] noneOfSix = {0, 0, 0, 0, 0, 0};
        final CovarianceTraces agreeing = new CovarianceTraces(2, 4, new double[] {1, 1, 1}, new double[3], new double[3],
                new double[] {1, 1, 1, 1, 1, 1}, noneOfSix, noneOfSix, noneOfSix);
        final CovarianceTraces spread = new CovarianceTraces(2, 4, new double[] {0.5, 1, 1.5}, new double[3], new double[3],
                new double[] {1, 1, 1, 1, 1, 1}, noneOfSix, noneOfSix, noneOfSix);
        // Same mean tr S²; the spread one has standard error √(0.5/(2·3)) of it.
        assertThat(spread.second(1, 0)).isCloseTo(agreeing.second(1, 0), within(EPS));
        assertThat(spread.secondError(1, 0)).isCloseTo(Math.sqrt(1.0 / 12), within(EPS));
        final EmbeddingSums window = EmbeddingSums.empty(2);
        window.count = 100;
        window.sum = new double[] {300, 400};
        final double cautious = new ShiftReference(new double[2], spread, 0.0, 0.0, 100, 1000).test(window, 10_000).pValue();
        final double plain = new ShiftReference(new double[2], agreeing, 0.0, 0.0, 100, 1000).test(window, 10_000).pValue();
        assertThat(cautious).isGreaterThan(plain);
    }

    @Test
    void perReplySpreadOfUnitEmbeddingsFollowsFromTheMeanLength() {
        final ShiftReference reference = new ShiftReference(new double[] {0.6, 0.0}, null, 0, 0, 1, 1);
        // E|e − ē|² = 1 − |ē|² for unit e.
        assertThat(reference.perReplySpread()).isCloseTo(0.8, within(EPS));
        assertThat(reference.isCurrent()).as("written before the full-embedding test: no traces").isFalse();
    }

    @Test
    void needsFourBucketsTwoOfThemSplitInEachFold() {
        final ShiftAccumulator acc = ShiftAccumulator.empty(2);
        long start = 0;
        int added = 0;
        // Only fold-0 buckets: however many, the other folds have none.
        while (added < 20) {
            if (ShiftAccumulator.fold(start) == 0) {
                final EmbeddingHalves halves = new EmbeddingHalves(2);
                halves.add(new float[] {added, 1}, true);
                halves.add(new float[] {1, added}, false);
                acc.add(halves.sums(), start);
                added++;
            }
            start += 60_000;
        }
        assertThat(acc.isEstimable()).isFalse();
        assertThatThrownBy(acc::estimate).isInstanceOf(IllegalStateException.class).hasMessageContaining("20 bucket(s)");
        acc.add(EmbeddingSums.empty(2), start);
        assertThat(acc.buckets).as("an empty bucket is ignored").isEqualTo(20);
    }

    @Test
    void foldsSpreadNeighbouringBucketsEvenly() {
        final int[] counts = new int[ShiftAccumulator.FOLDS];
        for (int b = 0; b < 3000; b++) {
            counts[ShiftAccumulator.fold(b * 60_000L)]++;
        }
        // Binomial(3000, 1/3): standard deviation 25.8; four of them either side.
        for (final int count : counts) {
            assertThat(count).isBetween(897, 1103);
        }
    }
}
