package io.tidewatch.detect;

import java.util.List;

/**
 * One of the themes an unexplained shift is made of.
 *
 * @param terms     its key terms, most specific first
 * @param share     of the shift's candidate replies whose shown sentence holds a key term, the
 *                  share whose sentence holds this group's
 * @param exemplars its first replies, shown by the sentence that holds its terms
 */
public record SubTheme(List<String> terms, double share, List<ReplyExemplar> exemplars) {

    public SubTheme {
        terms = List.copyOf(terms);
        exemplars = List.copyOf(exemplars);
    }
}
