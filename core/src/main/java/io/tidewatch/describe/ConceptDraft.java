package io.tidewatch.describe;

import io.tidewatch.concept.ConceptSpec;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A catalog entry drafted from a difference found once (between two datasets, or by a live
 * unexplained-shift alert), so that it becomes a concept with its own detectors: its positives are
 * the candidate's sentences that use the terms standing out beyond chance (not every term of the
 * description, which names topics of the carrying replies too), its negatives sentences of the
 * reference that use none of them (the same kinds of reply, without the theme), spread over the
 * whole reference.
 */
public final class ConceptDraft {

    /** Examples drafted per side, at most: more than {@code concepts check} asks for, few enough to read. */
    public static final int EXAMPLES = 40;
    /** Terms whose sentences make the positives, at most: the most specific few, not every term past the bar. */
    private static final int TERMS = 5;
    /**
     * Least log-odds ratio of a drafted term, as a share of the most specific term's: a shift's
     * replies also overuse words the theme brings along ("helps", "suggest"), which ordinary
     * replies use too; their sentences would blur the concept.
     */
    private static final double SPECIFICITY = 0.5;

    private ConceptDraft() {
    }

    /**
     * The draft from a comparison of datasets, or an exception if it found no term to draft from.
     *
     * @param source names the candidate set in the draft's description
     */
    public static ConceptSpec from(final DatasetComparison.Result result, final List<Example> reference, final List<Example> candidate,
                                   final String source) {
        final List<String> carriers = new ArrayList<>(result.ranked().stream().map(DatasetComparison.Ranked::text).toList());
        candidate.forEach(e -> carriers.add(e.text()));
        return from(result.standingOut(), carriers, reference.stream().map(Example::text).toList(), "tidewatch compare from " + source);
    }

    /**
     * The draft from the terms that stand out, or an exception if there is none. Its positives use
     * the most specific of them: by log-odds ratio, those at least half as specific as the first,
     * at most five.
     *
     * @param standingOut terms over-represented beyond chance, with their log-odds ratios
     * @param carriers  candidate texts, those that carry the difference most first
     * @param reference texts without the difference
     * @param origin    what found the difference, for the draft's description
     */
    public static ConceptSpec from(final List<TermContrast> standingOut, final List<String> carriers, final List<String> reference,
                                   final String origin) {
        final double top = standingOut.stream().mapToDouble(TermContrast::logOddsRatio).max().orElse(0.0);
        final List<String> terms = standingOut.stream()
                .sorted(Comparator.comparingDouble(TermContrast::logOddsRatio).reversed().thenComparing(TermContrast::term))
                .filter(t -> t.logOddsRatio() >= SPECIFICITY * top).limit(TERMS).map(TermContrast::term).toList();
        if (terms.isEmpty()) {
            throw new IllegalStateException("no term stands out in the candidate beyond chance, so there is nothing to draft a concept from");
        }
        final Set<String> positives = new LinkedHashSet<>();
        for (final String text : carriers) {
            if (positives.size() >= EXAMPLES) {
                break;
            }
            positives.addAll(sentencesUsing(text, terms, true));
        }
        final List<String> plain = new ArrayList<>(new LinkedHashSet<>(reference.stream()
                .flatMap(text -> sentencesUsing(text, terms, false).stream()).toList()));
        final List<String> negatives = new ArrayList<>();
        final int stride = Math.max(1, plain.size() / EXAMPLES);
        for (int i = 0; i < plain.size() && negatives.size() < EXAMPLES; i += stride) {
            negatives.add(plain.get(i));
        }
        final String id = "drift-" + terms.get(0).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
        final String description = "Drafted by " + origin + ": replies that over-use " + String.join(", ", terms)
                + ". Read the examples before publishing.";
        return new ConceptSpec(id, description, true, positives.stream().limit(EXAMPLES).toList(), negatives, Map.of());
    }

    /** The sentences of {@code text} that use one of {@code terms} ({@code using}), or that use none of them. */
    private static List<String> sentencesUsing(final String text, final List<String> terms, final boolean using) {
        final List<String> found = new ArrayList<>();
        for (final String sentence : Terms.sentences(text)) {
            final Set<String> own = new HashSet<>(Terms.of(sentence));
            if (!sentence.isBlank() && terms.stream().anyMatch(own::contains) == using) {
                found.add(sentence.strip());
            }
        }
        return found;
    }
}
