package io.tidewatch.describe;

import io.tidewatch.stats.Vectors;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Whether the replies carrying a shift form two groups: two poisons at once, or one theme told in
 * two ways. The replies' offsets from the reference mean (unit length, so that a group is a
 * direction, not a distance) are split by spherical 2-means, started from the first offset and the
 * one least like it; the split stands only if each group holds at least {@link #SHARE} of the
 * replies and the groups' centres point in clearly different directions (cosine below
 * {@link #COSINE}). Otherwise, or with fewer than {@link #FEWEST} replies, all are one group.
 */
final class SubThemes {

    /** Fewest replies worth splitting. */
    static final int FEWEST = 10;
    /** Least share of the replies in the smaller group. */
    static final double SHARE = 0.2;
    /** Largest cosine between the groups' centres. */
    static final double COSINE = 0.5;
    private static final int ROUNDS = 20;

    private SubThemes() {
    }

    /** The group (0 or 1) of each offset; all 0 when they do not split. The offsets are unit vectors (or zero). */
    static int[] split(final List<double[]> offsets) {
        final int[] group = new int[offsets.size()];
        if (offsets.size() < FEWEST) {
            return group;
        }
        double[] a = offsets.get(0);
        double[] b = offsets.stream().min(Comparator.comparingDouble(o -> Vectors.dot(o, offsets.get(0)))).orElseThrow();
        for (int round = 0; round < ROUNDS; round++) {
            for (int i = 0; i < group.length; i++) {
                group[i] = Vectors.dot(offsets.get(i), a) >= Vectors.dot(offsets.get(i), b) ? 0 : 1;
            }
            a = centre(offsets, group, 0, a);
            b = centre(offsets, group, 1, b);
        }
        final long inA = Arrays.stream(group).filter(g -> g == 0).count();
        final double smaller = Math.min(inA, group.length - inA) / (double) group.length;
        final double cosine = Vectors.dot(a, b) / (Vectors.norm(a) * Vectors.norm(b));
        if (!(smaller >= SHARE && cosine < COSINE)) {
            Arrays.fill(group, 0);
        }
        return group;
    }

    /** The unit offset of {@code point} from {@code origin}; zero where they coincide. */
    static double[] unitOffset(final double[] point, final double[] origin) {
        final double[] offset = Vectors.difference(point, origin);
        final double norm = Vectors.norm(offset);
        return norm > 0 ? Vectors.scaled(offset, 1.0 / norm) : offset;
    }

    private static double[] centre(final List<double[]> offsets, final int[] group, final int g, final double[] previous) {
        final double[] sum = new double[previous.length];
        int members = 0;
        for (int i = 0; i < group.length; i++) {
            if (group[i] == g) {
                Vectors.addTo(sum, offsets.get(i), 1.0);
                members++;
            }
        }
        return members == 0 ? previous : sum;
    }
}
