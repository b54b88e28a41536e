package io.tidewatch.describe;

import io.tidewatch.concept.ReplyScorer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The passages of a scored reply that alerts show: one centred on each sentence that gave a
 * concept its score, and one on the sentence least like the rest of the reply, each sentence once.
 * An alert on a concept shows the passage of the sentence that scored; an unexplained shift,
 * whose direction nobody knew when the reply was scored, shows the passage that holds most of
 * the shift's key terms.
 */
public final class Passages {

    private static final String ELLIPSIS = "…";

    private Passages() {
    }

    /**
     * The passages of {@code reply} as {@code scored} found its sentences, each at most {@code cap}
     * characters; none for a reply scored whole or when the cap is 0.
     */
    public static List<Passage> of(final String reply, final ReplyScorer.Scored scored, final int cap) {
        if (cap <= 0 || scored.sentences().isEmpty()) {
            return List.of();
        }
        final Map<Integer, List<String>> bySentence = new LinkedHashMap<>();
        scored.top().forEach((concept, sentence) -> bySentence.computeIfAbsent(sentence, s -> new ArrayList<>()).add(concept));
        if (scored.unusual() >= 0) {
            bySentence.putIfAbsent(scored.unusual(), List.of());
        }
        final int[] starts = offsets(reply, scored.sentences());
        if (starts == null) {
            return List.of();
        }
        final List<Passage> passages = new ArrayList<>(bySentence.size());
        bySentence.forEach((sentence, concepts) -> passages.add(centred(reply, starts[sentence],
                starts[sentence] + scored.sentences().get(sentence).length(), cap, concepts)));
        return List.copyOf(passages);
    }

    /**
     * Where each sentence starts in the reply, or null if one is not found in order: the scorer
     * cut the reply into them, so that would mean they belong to another text, and the reply is
     * then shown by its start rather than failing the score stage.
     */
    static int[] offsets(final String reply, final List<String> sentences) {
        final int[] starts = new int[sentences.size()];
        int from = 0;
        for (int i = 0; i < sentences.size(); i++) {
            final int at = reply.indexOf(sentences.get(i), from);
            if (at < 0) {
                return null;
            }
            starts[i] = at;
            from = at + sentences.get(i).length();
        }
        return starts;
    }

    /**
     * The text [start, end) of {@code reply} with its neighbours on both sides, trimmed at word
     * boundaries to at most {@code cap} characters including the "…" marks; the room left by the
     * sentence is shared between the text before and after it, and a side with less text gives
     * the rest to the other.
     */
    static Passage centred(final String reply, final int start, final int end, final int cap, final List<String> concepts) {
        if (end - start >= cap) {
            final String cut = cutAfter(reply.substring(start, end), cap);
            return new Passage(cut, cut, concepts);
        }
        final String sentence = reply.substring(start, end);
        final int room = cap - (end - start);
        final int before = start;
        final int after = reply.length() - end;
        int takeBefore = Math.min(before, room / 2);
        final int takeAfter = Math.min(after, room - takeBefore);
        takeBefore = Math.min(before, room - takeAfter);
        final String head = takeBefore == before ? reply.substring(0, start) : cutBefore(reply.substring(0, start), takeBefore);
        final String tail = takeAfter == after ? reply.substring(end) : cutAfter(reply.substring(end), takeAfter);
        return new Passage(head + sentence + tail, sentence, concepts);
    }

    /** The start of {@code text} in at most {@code room} characters, ending at a word boundary, with "…" when cut. */
    private static String cutAfter(final String text, final int room) {
        if (text.length() <= room) {
            return text;
        }
        if (room <= ELLIPSIS.length() + 1) {
            return room >= ELLIPSIS.length() ? ELLIPSIS : "";
        }
        int end = room - ELLIPSIS.length();
        final int space = text.lastIndexOf(' ', end);
        if (space > 0) {
            end = space;
        }
        return text.substring(0, end).stripTrailing() + ELLIPSIS;
    }

    /** The end of {@code text} in at most {@code room} characters, starting at a word boundary, with "…" when cut. */
    private static String cutBefore(final String text, final int room) {
        if (text.length() <= room) {
            return text;
        }
        if (room <= ELLIPSIS.length() + 1) {
            return room >= ELLIPSIS.length() ? ELLIPSIS : "";
        }
        int start = text.length() - room + ELLIPSIS.length();
        final int space = text.indexOf(' ', start);
        if (space >= 0 && space < text.length() - 1) {
            start = space + 1;
        }
        return ELLIPSIS + text.substring(start);
    }
}
