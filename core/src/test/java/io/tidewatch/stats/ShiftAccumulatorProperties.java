package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ShiftAccumulatorProperties {

    private static final int DIMENSION = 4;

    @Property(tries = 100)
    void estimateDoesNotDependOnOrderOrGrouping(@ForAll("buckets") final List<List<float[]>> buckets,
            @ForAll @IntRange(min = 0, max = 1000) final int split, @ForAll final long shuffleSeed) {
        // Bucket i starts at minute i, which decides its fold; the order buckets are added in does not.
        final List<Integer> order = allIndices(buckets.size());
        final ShiftReference inOrder = accumulate(buckets, order).estimate();

        final int at = split % (buckets.size() + 1);
        final ShiftAccumulator grouped = accumulate(buckets, order.subList(at, buckets.size()));
        grouped.merge(accumulate(buckets, order.subList(0, at)));

        final List<Integer> shuffled = new ArrayList<>(order);
        Collections.shuffle(shuffled, new Random(shuffleSeed));

        assertSame(grouped.estimate(), inOrder);
        assertSame(accumulate(buckets, shuffled).estimate(), inOrder);
    }

    @Property(tries = 200)
    void bucketSumsMergeLikeAddingRepliesOneByOne(@ForAll("replies") final List<float[]> a, @ForAll("replies") final List<float[]> b) {
        final EmbeddingSums merged = sums(a);
        merged.merge(sums(b));
        final List<float[]> all = new ArrayList<>(a);
        all.addAll(b);
        final EmbeddingSums oneByOne = sums(all);
        assertThat(merged.count).isEqualTo(oneByOne.count);
        assertThat(merged.countA).isEqualTo(oneByOne.countA);
        assertThat(merged.sum).containsExactly(oneByOne.sum, within(1e-9));
        assertThat(merged.sketchSum()).containsExactly(oneByOne.sketchSum(), within(1e-9));
        assertThat(merged.withinSquares).isCloseTo(sums(a).withinSquares + sums(b).withinSquares, within(1e-9));
    }

    /** Each half's sketch, projected once from its Σe, is the sum of its replies' own sketches. */
    @Property(tries = 200)
    void aHalfsSketchIsTheSumOfItsRepliesSketches(@ForAll("replies") final List<float[]> replies) {
        final EmbeddingSketch sketch = EmbeddingSketch.forDimension(DIMENSION);
        final double[] a = new double[EmbeddingSketch.DIMENSION];
        final double[] b = new double[EmbeddingSketch.DIMENSION];
        final double[] sum = new double[DIMENSION];
        for (final float[] e : replies) {
            final double[] x = new double[DIMENSION];
            for (int j = 0; j < DIMENSION; j++) {
                x[j] = e[j];
                sum[j] += e[j];
            }
            Vectors.addTo(e[0] >= 0 ? a : b, sketch.project(x), 1.0);
        }
        final EmbeddingSums sums = sums(replies);
        assertThat(sums.count).isEqualTo(replies.size());
        assertThat(sums.countA).isEqualTo(replies.stream().filter(e -> e[0] >= 0).count());
        assertThat(sums.sum).containsExactly(sum, within(1e-9));
        assertThat(sums.sketchA).containsExactly(a, within(1e-9));
        assertThat(sums.sketchB).containsExactly(b, within(1e-9));
    }

    @Provide
    Arbitrary<List<float[]>> replies() {
        return Arbitraries.floats().between(-1f, 1f).array(float[].class).ofSize(DIMENSION).list().ofMinSize(2).ofMaxSize(12);
    }

    @Provide
    Arbitrary<List<List<float[]>>> buckets() {
        return replies().list().ofMinSize(15).ofMaxSize(30).filter(bs -> accumulate(bs, allIndices(bs.size())).isEstimable());
    }

    private static EmbeddingSums sums(final List<float[]> replies) {
        final EmbeddingHalves halves = new EmbeddingHalves(DIMENSION);
        // As in the monitor, a reply's half depends on the reply itself, not on its position.
        for (final float[] e : replies) {
            halves.add(e, e[0] >= 0);
        }
        return halves.sums();
    }

    private static List<Integer> allIndices(final int size) {
        final List<Integer> indices = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            indices.add(i);
        }
        return indices;
    }

    private static ShiftAccumulator accumulate(final List<List<float[]>> buckets, final List<Integer> indices) {
        final ShiftAccumulator acc = ShiftAccumulator.empty(DIMENSION);
        indices.forEach(i -> acc.add(sums(buckets.get(i)), i * 60_000L));
        return acc;
    }

    private static void assertSame(final ShiftReference actual, final ShiftReference expected) {
        assertThat(actual.bucketCount()).isEqualTo(expected.bucketCount());
        assertThat(actual.replyCount()).isEqualTo(expected.replyCount());
        assertThat(actual.meanEmbedding()).containsExactly(expected.meanEmbedding(), within(1e-9));
        final CovarianceTraces a = actual.traces();
        final CovarianceTraces e = expected.traces();
        assertThat(a.between()).isCloseTo(e.between(), within(1e-9));
        assertThat(a.within()).isCloseTo(e.within(), within(1e-9));
        assertThat(a.betweenSquared()).containsExactly(e.betweenSquared(), within(1e-9));
        assertThat(a.betweenWithin()).containsExactly(e.betweenWithin(), within(1e-9));
        assertThat(a.withinSquared()).containsExactly(e.withinSquared(), within(1e-9));
        assertThat(a.betweenCubed()).containsExactly(e.betweenCubed(), within(1e-9));
        assertThat(a.withinCubed()).containsExactly(e.withinCubed(), within(1e-9));
        assertThat(actual.meanInverseCount()).isCloseTo(expected.meanInverseCount(), within(1e-12));
        assertThat(actual.squaredCountShare()).isCloseTo(expected.squaredCountShare(), within(1e-12));
    }
}
