package io.tidewatch.concept;

import java.util.List;

/** The few vector operations the concept code needs, on float embeddings with double accumulation. */
public final class VectorMath {

    private VectorMath() {
    }

    public static double dot(final float[] a, final float[] b) {
        requireSameLength(a, b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    static void requireSameLength(final float[] a, final float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("dimension mismatch: " + a.length + " vs " + b.length);
        }
    }

    public static double[] sum(final List<float[]> vectors) {
        final double[] sum = new double[vectors.get(0).length];
        for (final float[] v : vectors) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] += v[i];
            }
        }
        return sum;
    }

    public static double[] mean(final List<float[]> vectors) {
        return scale(sum(vectors), 1.0 / vectors.size());
    }

    public static double[] scale(final double[] a, final double factor) {
        final double[] scaled = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            scaled[i] = a[i] * factor;
        }
        return scaled;
    }

    /** a − b. */
    public static double[] minus(final double[] a, final float[] b) {
        final double[] difference = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            difference[i] = a[i] - b[i];
        }
        return difference;
    }

    /** The unit vector along a − b; throws if a and b coincide. */
    public static float[] unitDifference(final double[] a, final double[] b) {
        double norm = 0;
        final double[] diff = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            diff[i] = a[i] - b[i];
            norm += diff[i] * diff[i];
        }
        norm = Math.sqrt(norm);
        if (norm < 1e-9) {
            throw new IllegalArgumentException("positive and negative examples have the same mean embedding");
        }
        final float[] unit = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            unit[i] = (float) (diff[i] / norm);
        }
        return unit;
    }
}
