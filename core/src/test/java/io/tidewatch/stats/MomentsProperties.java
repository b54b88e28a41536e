package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class MomentsProperties {

    private static final double RELATIVE = 1e-9;

    @Property
    void mergeIsAssociative(@ForAll("scores") final List<Double> a, @ForAll("scores") final List<Double> b,
            @ForAll("scores") final List<Double> c) {
        final Moments ma = of(a);
        final Moments mb = of(b);
        final Moments mc = of(c);
        assertClose(ma.merge(mb).merge(mc), ma.merge(mb.merge(mc)), scale(a, b, c));
    }

    @Property
    void mergeIsCommutative(@ForAll("scores") final List<Double> a, @ForAll("scores") final List<Double> b) {
        assertClose(of(a).merge(of(b)), of(b).merge(of(a)), scale(a, b));
    }

    @Property
    void mergeEqualsAddingOneByOne(@ForAll("scores") final List<Double> a, @ForAll("scores") final List<Double> b) {
        Moments oneByOne = of(a);
        for (final double x : b) {
            oneByOne = oneByOne.plus(x);
        }
        assertClose(of(a).merge(of(b)), oneByOne, scale(a, b));
    }

    @Property
    void varianceIsNeverNegative(@ForAll("scores") final List<Double> xs) {
        assertThat(of(xs).variance()).satisfiesAnyOf(
                v -> assertThat(v).isNaN(),
                v -> assertThat(v).isGreaterThanOrEqualTo(0.0));
    }

    @Provide
    Arbitrary<List<Double>> scores() {
        return Arbitraries.doubles().between(-1.0, 1.0).list().ofMaxSize(50);
    }

    private static Moments of(final List<Double> xs) {
        return Moments.of(xs.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** 1 + Σ|x| over all lists: the magnitude against which rounding is measured. */
    @SafeVarargs
    private static double scale(final List<Double>... lists) {
        double sum = 1.0;
        for (final List<Double> list : lists) {
            sum += list.stream().mapToDouble(Math::abs).sum();
        }
        return sum;
    }

    private static void assertClose(final Moments actual, final Moments expected, final double scale) {
        assertThat(actual.count()).isEqualTo(expected.count());
        assertThat(actual.sum()).isCloseTo(expected.sum(), within(RELATIVE * scale));
        assertThat(actual.sumSquares()).isCloseTo(expected.sumSquares(), within(RELATIVE * scale));
    }
}
