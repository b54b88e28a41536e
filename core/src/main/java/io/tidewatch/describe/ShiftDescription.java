package io.tidewatch.describe;

import java.util.List;

/**
 * What a shift between two sets of replies is about, in words a person can read: the terms
 * over-represented where the shift is carried, the sentences that carry it most, the groups the
 * carrying replies fall into when there is more than one, the nearest themes of the library, and
 * whether the shift's direction held on replies it was not built from.
 *
 * @param terms        terms over-represented in the carrying replies against the reference, by z
 * @param sentences    sentences of the carrying replies that project most on the shift
 * @param subThemes    groups of the carrying replies, largest first; one group when they do not split
 * @param themes       library themes that explain at least 5% of the shift, largest share first
 * @param concepts     monitored concepts that explain at least 5% of the shift, largest share first
 * @param verification the shift's direction, built on half of the conversations, tested on the other half
 */
public record ShiftDescription(List<TermContrast> terms, List<KeySentence> sentences, List<SubTheme> subThemes,
                               List<ThemeMatch> themes, List<ThemeMatch> concepts, Verification verification) {

    public ShiftDescription {
        terms = List.copyOf(terms);
        sentences = List.copyOf(sentences);
        subThemes = List.copyOf(subThemes);
        themes = List.copyOf(themes);
        concepts = List.copyOf(concepts);
    }

    /** A sentence of a carrying reply, with the reply's id and its projection on the shift beyond the reference's mean. */
    public record KeySentence(String exampleId, String sentence, double projection) {
    }

    /**
     * A group of the carrying replies.
     *
     * @param share     share of the carrying replies in the group
     * @param terms     terms over-represented in the group against the reference
     * @param exemplars ids of the group's replies that project most on the shift
     */
    public record SubTheme(double share, List<TermContrast> terms, List<String> exemplars) {

        public SubTheme {
            terms = List.copyOf(terms);
            exemplars = List.copyOf(exemplars);
        }
    }

    /**
     * The held-out check: the direction built from one half of the conversations, each reply of
     * the other half projected on it, candidate mean minus reference mean.
     *
     * @param heldOut   replies of the held-out half (both sets)
     * @param effect    difference of the held-out halves' mean projections
     * @param z         the effect over its standard error (conversations as clusters)
     */
    public record Verification(long heldOut, double effect, double z) {

        /** z a held-out effect must reach to confirm the shift: one-sided p ≈ 0.001. */
        public static final double CONFIRMS = 3.0;

        public boolean confirmed() {
            return z >= CONFIRMS;
        }

        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%s on %d held-out replies: effect %.4f along the shift (z = %.1f)",
                    confirmed() ? "confirmed" : "not confirmed", heldOut, effect, z);
        }
    }
}
