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

    /** The float vector widened to doubles, as the statistics are summed. */
    public static double[] toDouble(final float[] v) {
        final double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
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

    /** The symmetric k×k matrix whose lower triangle is {@code packed}. */
    public static double[][] unpacked(final double[] packed, final int k) {
        final double[][] full = new double[k][k];
        for (int i = 0, at = 0; i < k; i++) {
            for (int j = 0; j <= i; j++, at++) {
                full[i][j] = packed[at];
                full[j][i] = packed[at];
            }
        }
        return full;
    }

    private static void requireSameLength(final double[] a, final double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
    }
}
