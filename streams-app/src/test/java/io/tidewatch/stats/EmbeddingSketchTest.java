package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class EmbeddingSketchTest {

    @Test
    void everyEntryIsPlusOrMinusOneOverRootD() {
        final float[] basis = new float[16];
        basis[3] = 1f;
        // The sketch of a basis vector is one column of the matrix.
        for (final double y : EmbeddingSketch.forDimension(16).project(basis)) {
            assertThat(Math.abs(y)).isCloseTo(0.25, within(1e-15));
        }
    }

    @Test
    void theSameDimensionAlwaysProjectsTheSameWay() {
        final float[] e = {0.6f, -0.8f, 0f, 0f};
        assertThat(EmbeddingSketch.forDimension(4).project(e)).containsExactly(EmbeddingSketch.forDimension(4).project(e));
        assertThat(EmbeddingSketch.forDimension(4).project(e)).hasSize(EmbeddingSketch.DIMENSION);
    }

    @Test
    void isLinear() {
        final EmbeddingSketch sketch = EmbeddingSketch.forDimension(3);
        final double[] a = sketch.project(new float[] {1f, 0f, 2f});
        final double[] b = sketch.project(new float[] {0f, 1f, -1f});
        final double[] sum = sketch.project(new float[] {1f, 1f, 1f});
        for (int i = 0; i < sum.length; i++) {
            assertThat(sum[i]).isCloseTo(a[i] + b[i], within(1e-12));
        }
    }

    @Test
    void rejectsEmbeddingsOfAnotherLength() {
        assertThatThrownBy(() -> EmbeddingSketch.forDimension(4).project(new float[5])).hasMessageContaining("5 dimensions");
        assertThatThrownBy(() -> EmbeddingSketch.forDimension(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
