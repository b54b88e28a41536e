package io.tidewatch.describe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Whether some term is over-represented in a candidate set beyond what chance gives the most
 * over-represented of all terms: the largest Fightin' Words z, against its distribution when
 * conversations are dealt anew between the sets. A theme slipped into a few per cent of replies
 * brings words the reference never uses (a brand's name, a stance's key term); their sentence is
 * a fifth of a reply's embedding, but the word itself is all there in the counts.
 */
final class LexicalTest {

    /**
     * The outcome.
     *
     * @param maxZ        the largest z of a term used by at least the minimum number of candidate texts
     * @param pValue      (1 + permutations whose largest z is at least as large)/(permutations + 1)
     * @param significant the 95th percentile of the permutations' largest z: a term above it stands out beyond chance across all terms
     */
    record Outcome(double maxZ, double pValue, double significant) {
    }

    private LexicalTest() {
    }

    /**
     * @param docs          each text's distinct terms
     * @param conversation  each text's conversation, an index into {@code candidate}
     * @param candidate     whether each conversation is in the candidate set
     * @param minDocs       fewest texts (of both sets) a term must appear in to be tested: rarer ones cannot reach a large z
     */
    static Outcome run(final List<Set<String>> docs, final int[] conversation, final boolean[] candidate, final int permutations,
                       final long seed, final double priorStrength, final int minDocs) {
        final Map<String, List<Integer>> postings = new HashMap<>();
        for (int d = 0; d < docs.size(); d++) {
            for (final String term : docs.get(d)) {
                postings.computeIfAbsent(term, t -> new ArrayList<>()).add(d);
            }
        }
        final List<int[]> tested = new ArrayList<>();
        postings.forEach((term, list) -> {
            if (list.size() >= minDocs) {
                tested.add(list.stream().mapToInt(Integer::intValue).toArray());
            }
        });
        final double maxZ = maxZ(docs, conversation, candidate, tested, priorStrength);
        final SplittableRandom random = new SplittableRandom(seed);
        final boolean[] shuffled = candidate.clone();
        final double[] nulls = new double[permutations];
        for (int p = 0; p < permutations; p++) {
            for (int i = shuffled.length - 1; i > 0; i--) {
                final int j = random.nextInt(i + 1);
                final boolean swap = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = swap;
            }
            nulls[p] = maxZ(docs, conversation, shuffled, tested, priorStrength);
        }
        final long atLeast = Arrays.stream(nulls).filter(z -> z >= maxZ).count();
        final double[] sorted = nulls.clone();
        Arrays.sort(sorted);
        return new Outcome(maxZ, (1.0 + atLeast) / (permutations + 1.0), sorted[(int) Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))]);
    }

    private static double maxZ(final List<Set<String>> docs, final int[] conversation, final boolean[] candidate, final List<int[]> tested,
                               final double priorStrength) {
        double nf = 0;
        double nb = 0;
        for (int d = 0; d < docs.size(); d++) {
            if (candidate[conversation[d]]) {
                nf += docs.get(d).size();
            } else {
                nb += docs.get(d).size();
            }
        }
        double max = Double.NEGATIVE_INFINITY;
        for (final int[] postings : tested) {
            int yf = 0;
            for (final int d : postings) {
                yf += candidate[conversation[d]] ? 1 : 0;
            }
            final double z = FightinWords.z(yf, nf, postings.length - yf, nb, priorStrength);
            if (Double.isFinite(z)) {
                max = Math.max(max, z);
            }
        }
        return max;
    }
}
