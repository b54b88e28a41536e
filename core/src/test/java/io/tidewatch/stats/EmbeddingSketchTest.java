package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmbeddingSketchTest {

    @Test
    void everyEntryIsPlusOrMinusOneOverRootD() {
        final double[] basis = new double[16];
        basis[3] = 1;
        // The sketch of a basis vector is one column of the matrix.
        for (final double y : EmbeddingSketch.forDimension(16).project(basis)) {
            assertThat(Math.abs(y)).isCloseTo(0.25, within(1e-15));
        }
    }

    @Test
    void theSameDimensionAlwaysProjectsTheSameWay() {
        final double[] e = {0.6, -0.8, 0, 0};
        assertThat(EmbeddingSketch.forDimension(4).project(e)).containsExactly(EmbeddingSketch.forDimension(4).project(e));
        assertThat(EmbeddingSketch.forDimension(4).project(e)).hasSize(EmbeddingSketch.DIMENSION);
    }

    @Test
    void isLinear() {
        final EmbeddingSketch sketch = EmbeddingSketch.forDimension(3);
        final double[] a = sketch.project(new double[] {1, 0, 2});
        final double[] b = sketch.project(new double[] {0, 1, -1});
        final double[] sum = sketch.project(new double[] {1, 1, 1});
        for (int i = 0; i < sum.length; i++) {
            assertThat(sum[i]).isCloseTo(a[i] + b[i], within(1e-12));
        }
    }

    @Test
    void rejectsEmbeddingsOfAnotherLength() {
        assertThatThrownBy(() -> EmbeddingSketch.forDimension(4).project(new double[5])).hasMessageContaining("5 dimensions");
        assertThatThrownBy(() -> EmbeddingSketch.forDimension(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
