package io.tidewatch.describe;

import io.tidewatch.stats.TermSketch;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The words and phrases that say what a live shift is about: the terms of the replies kept as its
 * evidence that the shift's replies use more than the reference replies did beyond chance
 * ({@link FightinWords}' z, from {@link TermSketch} counts over all replies on both sides), most
 * specific first (largest log-odds ratio). Ranked by z, a common word used a little more often
 * ("helps", "suggest") can come before a brand no reference reply ever used, whose z the prior
 * caps near its log-odds ratio: over a day of reference replies the prior's pseudo-count per term
 * is about one.
 *
 * <p>The detect stage keeps the text of a few replies only (the shift's candidates, capped
 * excerpts), so a term is named only if one of them uses it; its counts still come from every
 * reply. A term that the shifted replies overuse but none of those shows is missed, not misnamed.
 */
public final class KeyTerms {

    /** Terms shown at most. */
    public static final int LIMIT = 8;
    /**
     * Least z of a shown term. The exemplars hold a few hundred candidate terms; under the ranking's
     * binomial model a z of 3.5 (one-sided tail 2.3·10⁻⁴) passes by chance about once in twenty
     * findings.
     */
    public static final double MIN_Z = 3.5;
    /** Fewest shifted replies a shown term must be used by: one reply's quirk is not a theme. */
    public static final int MIN_REPLIES = 3;

    private KeyTerms() {
    }

    /**
     * The terms of {@code texts} that {@code shifted} replies use more than {@code reference}
     * replies, z at least {@link #MIN_Z}, largest log-odds ratio first, at most {@link #LIMIT}.
     */
    public static List<TermContrast> of(final Collection<String> texts, final TermSketch shifted, final TermSketch reference) {
        if (shifted.texts == 0 || reference.texts == 0) {
            return List.of();
        }
        final Set<String> candidates = new LinkedHashSet<>();
        texts.forEach(text -> candidates.addAll(Terms.of(text)));
        return FightinWords.overRepresented(candidates, new FightinWords.Counts(shifted::count, shifted.total),
                        new FightinWords.Counts(reference::count, reference.total), FightinWords.DEFAULT_PRIOR_STRENGTH, MIN_REPLIES,
                        candidates.size() + 1).stream()
                .filter(term -> term.z() >= MIN_Z)
                .sorted(Comparator.comparingDouble(TermContrast::logOddsRatio).reversed().thenComparing(TermContrast::term))
                .limit(LIMIT)
                .toList();
    }
}
