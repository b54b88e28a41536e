package io.tidewatch.stats;

/**
 * The dense vector and packed symmetric matrix operations of the embedding statistics. A packed
 * symmetric k×k matrix stores its lower triangle row by row: element (i, j), j ≤ i, at i(i+1)/2 + j.
 */
public final class Vectors {

    private Vectors() {
    }

    /** a += w·b. */
    public static void addTo(final double[] a, final double[] b, final double w) {
        requireSameLength(a, b);
        for (int i = 0; i < a.length; i++) {
            a[i] += w * b[i];
        }
    }

    /** w·a as a new vector. */
    public static double[] scaled(final double[] a, final double w) {
        final double[] out = new double[a.length];
        addTo(out, a, w);
        return out;
    }

    /** a − b as a new vector. */
    public static double[] difference(final double[] a, final double[] b) {
        final double[] out = a.clone();
        addTo(out, b, -1.0);
        return out;
    }

    public static double dot(final double[] a, final double[] b) {
        requireSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    public static double norm(final double[] a) {
        return Math.sqrt(dot(a, a));
    }

    /** Length of the packed lower triangle of a k×k matrix. */
    public static int packedLength(final int k) {
        return k * (k + 1) / 2;
    }

    /** packed += w·v·vᵀ. */
    public static void addOuterProduct(final double[] packed, final double[] v, final double w) {
        for (int i = 0, at = 0; i < v.length; i++) {
            for (int j = 0; j <= i; j++, at++) {
                packed[at] += w * v[i] * v[j];
            }
        }
    }

    /**
     * dᵀA⁻¹d over the leading {@code dims} coordinates, by Cholesky factorisation of that block of
     * the packed symmetric A.
     *
     * @throws IllegalStateException if the block is not positive definite
     */
    public static double inverseQuadraticForm(final double[] packed, final double[] d, final int dims) {
        final double[][] l = new double[dims][dims];
        final int factorised = cholesky(packed, dims, 0.0, l);
        if (factorised < dims) {
            throw new IllegalStateException("covariance is not positive definite at coordinate " + factorised);
        }
        // Forward substitution L·y = d; then dᵀA⁻¹d = |y|².
        double sum = 0;
        final double[] y = new double[dims];
        for (int i = 0; i < dims; i++) {
            double s = d[i];
            for (int k = 0; k < i; k++) {
                s -= l[i][k] * y[k];
            }
            y[i] = s / l[i][i];
            sum += y[i] * y[i];
        }
        return sum;
    }

    /**
     * The largest d ≤ {@code maxDims} whose leading d×d block of the packed symmetric A is
     * positive definite with every Cholesky pivot above {@code tolerance} times its diagonal
     * element: coordinates beyond it are (nearly) combinations of earlier ones.
     */
    public static int wellConditionedBlock(final double[] packed, final int maxDims, final double tolerance) {
        return cholesky(packed, maxDims, tolerance, new double[maxDims][maxDims]);
    }

    /**
     * Factorises the leading block of A into L·Lᵀ, row by row, until a pivot is not above
     * {@code tolerance} times its diagonal element; returns the number of rows factorised.
     */
    private static int cholesky(final double[] packed, final int dims, final double tolerance, final double[][] l) {
        for (int i = 0; i < dims; i++) {
            for (int j = 0; j <= i; j++) {
                double s = packed[packedLength(i) + j];
                for (int k = 0; k < j; k++) {
                    s -= l[i][k] * l[j][k];
                }
                if (i == j) {
                    if (!(s > tolerance * packed[packedLength(i) + i])) {
                        return i;
                    }
                    l[i][i] = Math.sqrt(s);
                } else {
                    l[i][j] = s / l[j][j];
                }
            }
        }
        return dims;
    }

    private static void requireSameLength(final double[] a, final double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
    }
}
