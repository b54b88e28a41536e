package io.tidewatch.stats;

import java.util.ArrayList;
import java.util.List;

/**
 * Traces of products of d×d covariances from their k×k sketches, one independent estimate per
 * fold (see {@link ShiftAccumulator}). Only entries with distinct indices enter: for sketch rows
 * with independent random signs those have expectation tr(AB)/d² (pairs) and tr(ABC)/d³ (triples),
 * where the diagonal would add tr A·tr B terms. Each product is averaged over every assignment of
 * distinct folds to its factors.
 */
final class SketchTraces {

    private final double dimension;
    private final int k;

    SketchTraces(final int dimension, final int sketchDimension) {
        this.dimension = dimension;
        this.k = sketchDimension;
    }

    /**
     * Estimates of tr(AB), one per unordered pair of folds {r, s} (r < s, in the order {0,1}, {0,2},
     * {1,2}, …), each the mean of A_r·B_s and A_s·B_r.
     */
    double[] pairs(final double[][][] a, final double[][][] b) {
        final int folds = a.length;
        final double[] estimates = new double[folds * (folds - 1) / 2];
        final double scale = dimension * dimension / ((double) k * (k - 1));
        for (int r = 0, at = 0; r < folds; r++) {
            for (int s = r + 1; s < folds; s++, at++) {
                estimates[at] = scale * 0.5 * (offDiagonalInner(a[r], b[s]) + offDiagonalInner(a[s], b[r]));
            }
        }
        return estimates;
    }

    /** Estimates of tr(ABC), one per assignment of distinct folds to the factors (six for three folds). */
    double[] triples(final double[][][] a, final double[][][] b, final double[][][] c) {
        final List<Double> estimates = new ArrayList<>();
        final double scale = dimension * dimension * dimension / ((double) k * (k - 1) * (k - 2));
        for (int r = 0; r < a.length; r++) {
            for (int s = 0; s < b.length; s++) {
                for (int t = 0; t < c.length; t++) {
                    if (r != s && s != t && r != t) {
                        estimates.add(scale * distinctTriple(a[r], b[s], c[t]));
                    }
                }
            }
        }
        return estimates.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Σ over i ≠ j of A_ij·B_ij. */
    private static double offDiagonalInner(final double[][] a, final double[][] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a.length; j++) {
                if (i != j) {
                    sum += a[i][j] * b[i][j];
                }
            }
        }
        return sum;
    }

    /** Σ over distinct i, j, l of A_ij·B_jl·C_li: the trace of the product of the three with their diagonals zeroed. */
    private static double distinctTriple(final double[][] a, final double[][] b, final double[][] c) {
        final int n = a.length;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int l = 0; l < n; l++) {
                if (l == i) {
                    continue;
                }
                // (A₀B₀)_il with zeroed diagonals: j ranges over indices other than i and l.
                double ab = 0;
                for (int j = 0; j < n; j++) {
                    if (j != i && j != l) {
                        ab += a[i][j] * b[j][l];
                    }
                }
                sum += ab * c[l][i];
            }
        }
        return sum;
    }
}
