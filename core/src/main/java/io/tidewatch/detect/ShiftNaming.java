package io.tidewatch.detect;

import io.tidewatch.describe.ThemeMatch;
import java.util.List;

/**
 * What an unexplained shift is about, as far as the detect stage can tell without the replies'
 * text: the library themes nearest to its direction, and whether the direction held on the
 * replies that came after the episode opened.
 *
 * @param themes       library themes that explain at least 5% of the shift, largest share first; empty without a library
 * @param verification the check on later replies, or null before any reply has come after the opening
 */
public record ShiftNaming(List<ThemeMatch> themes, String verification) {

    public ShiftNaming {
        themes = List.copyOf(themes);
    }
}
