package io.tidewatch.describe;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToLongFunction;

/**
 * The terms a focus set of texts uses more than a background set, ranked by the log-odds ratio with
 * an informative Dirichlet prior of Monroe, Colaresi and Quinn ("Fightin' Words", Political
 * Analysis 16(4), 2008, section 3.5). This is how a detected shift in replies is put into words an
 * operator can read: the shifted replies are the focus, the reference replies the background.
 *
 * <p>Raw frequency differences rank common words first, and plain log-odds ratios rank terms seen
 * once or twice first; the prior shrinks every term's rates toward its rate in both sets pooled,
 * rare terms the most, and dividing by the estimated standard deviation turns the ratio into a z
 * that weighs how much evidence there is. With y the counts of term w, n the totals, f the focus
 * and b the background, and s the prior strength:
 * <pre>
 *   a     = s · (y_f + y_b) / (n_f + n_b)
 *   delta = log((y_f + a) / (n_f + s − y_f − a)) − log((y_b + a) / (n_b + s − y_b − a))
 *   z     = delta / sqrt(1 / (y_f + a) + 1 / (y_b + a))
 * </pre>
 *
 * <p>The z is model-based, and among thousands of terms with the same rate in both sets a few
 * still pass 2 by chance: a caller that shows terms as evidence should ask for a z of 3 or more.
 */
public final class FightinWords {

    /**
     * Default prior strength s: the total pseudo-count of the prior, which it spreads over the terms
     * in proportion to their pooled counts. Monroe et al. shrink toward the pooled corpus itself
     * (s = n_f + n_b), but with sets of equal size that pulls every rate two thirds of the way to the
     * pooled rate, and a term absent from the background, the clearest sign of something new, then
     * gets only 76% of the z it could have. For such a term, used by k focus texts, z is largest
     * (about 0.74·√k) with s near a sixth of the pooled total n_f + n_b, and stays within 10% of that
     * for s between a twentieth and a half of it: a smaller s inflates the variance through 1/a, a
     * larger one flattens the ratio. 5,000 is in that range for pooled totals of 10,000 to 100,000,
     * roughly 100 to 1,000 replies of a paragraph each (a reply has about as many distinct terms as
     * words), the sizes expected of a window of shifted replies and its reference. A caller that
     * knows its sizes may pass a sixth of the pooled total instead. Terms counted hundreds of times
     * barely move either way.
     */
    public static final double DEFAULT_PRIOR_STRENGTH = 5_000;

    private static final Comparator<TermContrast> RANKING =
            Comparator.comparingDouble(TermContrast::z).reversed().thenComparing(TermContrast::term);

    private FightinWords() {
    }

    /**
     * The terms over-represented in {@code focus} against {@code background}, best first.
     *
     * <p>Returns the terms with a z above 0 used by at least {@code minCount} focus texts, sorted
     * by z descending then by term, at most {@code limit} of them. A term is left out when a longer
     * candidate contains it (as whole words) and has the same focus count: every focus text that
     * uses it then uses it inside the longer phrase, so "kettle" adds nothing next to "smart kettle"
     * and the list does not stutter through overlapping n-grams. A sub-term used by more focus
     * texts than the phrase is kept, as it says something the phrase does not.
     *
     * @param focus         counts of the texts to describe
     * @param background    counts of the texts to describe them against
     * @param priorStrength total pseudo-count s of the prior, above 0; see {@link #DEFAULT_PRIOR_STRENGTH}
     * @param minCount      fewest focus texts a term must be used by, at least 1
     * @param limit         most terms returned, at least 1
     */
    public static List<TermContrast> overRepresented(final TermCounts focus, final TermCounts background, final double priorStrength,
                                                     final int minCount, final int limit) {
        if (focus == null || background == null) {
            throw new IllegalArgumentException("focus and background counts are required");
        }
        return overRepresented(focus.terms(), new Counts(focus::count, focus.total()), new Counts(background::count, background.total()),
                priorStrength, minCount, limit);
    }

    /**
     * How many texts of a set use a term, and the set's total: what the ranking reads, from exact
     * counts ({@link TermCounts}) or from a sketch that names no terms itself.
     *
     * @param count texts using a term; 0 for a term never seen
     * @param total sum over the texts of their numbers of distinct terms
     */
    public record Counts(ToLongFunction<String> count, double total) {
    }

    /**
     * As {@link #overRepresented(TermCounts, TermCounts, double, int, int)}, over the given
     * candidate terms: the caller names the terms worth ranking when the counts cannot list them.
     */
    public static List<TermContrast> overRepresented(final Collection<String> candidates, final Counts focus, final Counts background,
                                                     final double priorStrength, final int minCount, final int limit) {
        if (!(priorStrength > 0) || Double.isInfinite(priorStrength)) {
            // A prior of 0 leaves a term absent from one side with an infinite ratio and variance.
            throw new IllegalArgumentException("prior strength must be positive and finite, got " + priorStrength);
        }
        if (minCount < 1) {
            throw new IllegalArgumentException("minimum focus count must be at least 1, got " + minCount);
        }
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        final double nf = focus.total();
        final double nb = background.total();
        final Map<String, TermContrast> ranked = new HashMap<>();
        for (final String term : candidates) {
            final long yf = focus.count().applyAsLong(term);
            if (yf < minCount) {
                continue;
            }
            final long yb = background.count().applyAsLong(term);
            final double delta = logOddsRatio(yf, nf, yb, nb, priorStrength);
            final double z = z(yf, nf, yb, nb, priorStrength);
            // Not finite only in a degenerate vocabulary of one term, whose odds are 1/0 on both sides.
            if (z > 0 && Double.isFinite(z)) {
                ranked.put(term, new TermContrast(term, yf, yb, delta, z));
            }
        }
        final Set<String> covered = coveredSubTerms(ranked);
        final List<TermContrast> kept = new ArrayList<>(ranked.size());
        for (final TermContrast contrast : ranked.values()) {
            if (!covered.contains(contrast.term())) {
                kept.add(contrast);
            }
        }
        kept.sort(RANKING);
        return List.copyOf(kept.subList(0, Math.min(limit, kept.size())));
    }

    /** The prior-smoothed log-odds ratio of a term with counts y in sets of totals n (formula above). */
    static double logOddsRatio(final double yf, final double nf, final double yb, final double nb, final double priorStrength) {
        final double a = priorStrength * (yf + yb) / (nf + nb);
        return Math.log((yf + a) / (nf + priorStrength - yf - a)) - Math.log((yb + a) / (nb + priorStrength - yb - a));
    }

    /** The log-odds ratio over its estimated standard deviation (formula above). */
    static double z(final double yf, final double nf, final double yb, final double nb, final double priorStrength) {
        final double a = priorStrength * (yf + yb) / (nf + nb);
        return logOddsRatio(yf, nf, yb, nb, priorStrength) / Math.sqrt(1.0 / (yf + a) + 1.0 / (yb + a));
    }

    /** Candidates that sit inside a longer candidate with the same focus count. */
    private static Set<String> coveredSubTerms(final Map<String, TermContrast> candidates) {
        final Set<String> covered = new HashSet<>();
        for (final TermContrast phrase : candidates.values()) {
            final String[] words = phrase.term().split(" ");
            for (int length = 1; length < words.length; length++) {
                for (int start = 0; start + length <= words.length; start++) {
                    final TermContrast part = candidates.get(String.join(" ", List.of(words).subList(start, start + length)));
                    if (part != null && part.focusCount() == phrase.focusCount()) {
                        covered.add(part.term());
                    }
                }
            }
        }
        return covered;
    }
}
