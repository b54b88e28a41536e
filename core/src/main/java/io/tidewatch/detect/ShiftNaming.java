package io.tidewatch.detect;

import io.tidewatch.describe.KeyTerms;
import io.tidewatch.describe.TermContrast;
import io.tidewatch.describe.ThemeMatch;
import java.util.List;

/**
 * What an unexplained shift is about, as far as the detect stage can tell without the replies'
 * whole text: the library themes nearest to its direction, the terms its replies use more than
 * the reference did, and whether the direction held on the replies that came after the episode
 * opened.
 *
 * @param themes       library themes that explain at least 5% of the shift, largest share first; empty without a library
 * @param terms        the shift's key terms ({@link KeyTerms}), best first; empty when none stands out
 * @param verification the check on later replies, or null before any reply has come after the opening
 * @param subThemes    groups of the key terms that never share a shown sentence, when there are
 *                     two or more ({@link io.tidewatch.describe.TermGroups}); empty for one theme
 */
public record ShiftNaming(List<ThemeMatch> themes, List<TermContrast> terms, String verification, List<SubTheme> subThemes) {

    public ShiftNaming {
        themes = List.copyOf(themes);
        terms = List.copyOf(terms);
        subThemes = List.copyOf(subThemes);
    }

    /** A naming with no sub-themes. */
    public ShiftNaming(final List<ThemeMatch> themes, final List<TermContrast> terms, final String verification) {
        this(themes, terms, verification, List.of());
    }
}
