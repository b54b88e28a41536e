package io.tidewatch.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
    void unpacksTheLowerTriangleIntoASymmetricMatrix() {
        final double[][] full = Vectors.unpacked(new double[] {2, 4, 8, 6, 12, 18}, 3);
        assertThat(full[0]).containsExactly(2, 4, 6);
        assertThat(full[1]).containsExactly(4, 8, 12);
        assertThat(full[2]).containsExactly(6, 12, 18);
    }

    @Test
    void elementwiseHelpers() {
        assertThat(Vectors.difference(new double[] {3, 4}, new double[] {1, 1})).containsExactly(2, 3);
        assertThat(Vectors.norm(new double[] {3, 4})).isEqualTo(5.0);
        assertThat(Vectors.scaled(new double[] {1, -2}, 0.5)).containsExactly(0.5, -1.0);
        assertThatThrownBy(() -> Vectors.dot(new double[1], new double[2])).hasMessageContaining("dimension mismatch");
    }
}
