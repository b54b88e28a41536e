package io.tidewatch.detect;

import io.tidewatch.describe.Passage;
import java.util.List;

/**
 * A reply kept as evidence.
 *
 * @param excerpt  text of the reply shown to a reader: centred on {@code sentence} when there is
 *                 one, else the reply's start; null when alerts carry ids only
 * @param sentence the sentence of the excerpt that carries the finding, or null when unknown
 *                 (replies scored whole, or kept by a version before sentences were)
 * @param passages the reply's passages to choose the excerpt from once the finding is known: an
 *                 unexplained shift's candidates keep them until its key terms are named; empty
 *                 once chosen, and for concept exemplars, whose sentence is known when kept
 */
public record ReplyExemplar(String conversationId, int turn, String excerpt, double score, String sentence, List<Passage> passages) {

    public ReplyExemplar {
        // Null in state written before passages were kept.
        passages = passages == null ? List.of() : List.copyOf(passages);
    }

    /** A reply shown by its excerpt alone. */
    public ReplyExemplar(final String conversationId, final int turn, final String excerpt, final double score) {
        this(conversationId, turn, excerpt, score, null, List.of());
    }

    /** This reply shown by one of its passages. */
    public ReplyExemplar showing(final Passage passage) {
        return new ReplyExemplar(conversationId, turn, passage.excerpt(), score, passage.sentence(), List.of());
    }
}
