package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class VectorsTest {

    @Test
    void packedOuterProductsFillTheLowerTriangleRowByRow() {
        final double[] packed = new double[Vectors.packedLength(3)];
        Vectors.addOuterProduct(packed, new double[] {1, 2, 3}, 2.0);
        // 2·v·vᵀ, lower triangle: (0,0) 2; (1,0) 4, (1,1) 8; (2,0) 6, (2,1) 12, (2,2) 18.
        assertThat(packed).containsExactly(2, 4, 8, 6, 12, 18);
    }

    @Test
    void inverseQuadraticFormOfATwoByTwo() {
        // A = [[4, 2], [2, 3]], det 8, A⁻¹ = [[3, −2], [−2, 4]]/8; d = (1, 1): dᵀA⁻¹d = (3 − 4 + 4)/8 = 3/8.
        assertThat(Vectors.inverseQuadraticForm(new double[] {4, 2, 3}, new double[] {1, 1}, 2)).isCloseTo(0.375, within(1e-15));
        // Only the leading block is used: dims = 1 gives d₀²/A₀₀ = 1/4.
        assertThat(Vectors.inverseQuadraticForm(new double[] {4, 2, 3}, new double[] {1, 1}, 1)).isCloseTo(0.25, within(1e-15));
    }

    @Test
    void refusesAMatrixThatIsNotPositiveDefinite() {
        // [[1, 2], [2, 1]] has eigenvalues 3 and −1.
        assertThatThrownBy(() -> Vectors.inverseQuadraticForm(new double[] {1, 2, 1}, new double[] {1, 1}, 2))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("not positive definite");
    }

    @Test
    void elementwiseHelpers() {
        assertThat(Vectors.difference(new double[] {3, 4}, new double[] {1, 1})).containsExactly(2, 3);
        assertThat(Vectors.norm(new double[] {3, 4})).isEqualTo(5.0);
        assertThat(Vectors.scaled(new double[] {1, -2}, 0.5)).containsExactly(0.5, -1.0);
        assertThatThrownBy(() -> Vectors.dot(new double[1], new double[2])).hasMessageContaining("dimension mismatch");
    }
}
