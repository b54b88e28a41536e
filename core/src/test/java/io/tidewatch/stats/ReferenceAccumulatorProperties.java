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

class ReferenceAccumulatorProperties {

    private static final double RELATIVE = 1e-9;
    private static final double ABSOLUTE = 1e-12;

    @Property
    void estimateDoesNotDependOnOrderOrGrouping(@ForAll("buckets") final List<Moments> buckets,
            @ForAll @IntRange(min = 0, max = 1000) final int split, @ForAll final long shuffleSeed) {
        final Reference inOrder = accumulate(buckets).estimate();

        final int at = split % (buckets.size() + 1);
        final Reference grouped = accumulate(buckets.subList(at, buckets.size()))
                .merge(accumulate(buckets.subList(0, at)))
                .estimate();

        final List<Moments> shuffled = new ArrayList<>(buckets);
        Collections.shuffle(shuffled, new Random(shuffleSeed));
        final Reference reordered = accumulate(shuffled).estimate();

        assertSame(grouped, inOrder);
        assertSame(reordered, inOrder);
    }

    @Provide
    Arbitrary<List<Moments>> buckets() {
        final Arbitrary<Moments> bucket = Arbitraries.doubles().between(-1.0, 1.0).list().ofMinSize(1).ofMaxSize(30)
                .map(xs -> Moments.of(xs.stream().mapToDouble(Double::doubleValue).toArray()));
        return bucket.list().ofMinSize(2).ofMaxSize(20).filter(bs -> accumulate(bs).isEstimable());
    }

    private static ReferenceAccumulator accumulate(final List<Moments> buckets) {
        ReferenceAccumulator acc = ReferenceAccumulator.empty();
        for (final Moments bucket : buckets) {
            acc = acc.plus(bucket);
        }
        return acc;
    }

    private static void assertSame(final Reference actual, final Reference expected) {
        assertThat(actual.bucketCount()).isEqualTo(expected.bucketCount());
        assertThat(actual.replyCount()).isEqualTo(expected.replyCount());
        assertThat(actual.mean()).isCloseTo(expected.mean(), within(tolerance(expected.mean())));
        assertThat(actual.variance()).isCloseTo(expected.variance(), within(tolerance(expected.variance())));
        assertThat(actual.excessVariance())
                .isCloseTo(expected.excessVariance(), within(tolerance(expected.excessVariance())));
    }

    private static double tolerance(final double expected) {
        return ABSOLUTE + RELATIVE * Math.abs(expected);
    }
}
