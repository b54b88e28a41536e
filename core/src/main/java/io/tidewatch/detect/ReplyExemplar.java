package io.tidewatch.detect;

/**
 * A reply kept as evidence.
 *
 * @param sketch the reply's embedding in the 32 coordinates of {@link io.tidewatch.stats.EmbeddingSketch}, kept
 *               for an unexplained shift's replies so that they can be grouped into sub-themes; null otherwise
 */
public record ReplyExemplar(String conversationId, int turn, String excerpt, double score, float[] sketch) {

    /** A reply kept without its sketch. */
    public ReplyExemplar(final String conversationId, final int turn, final String excerpt, final double score) {
        this(conversationId, turn, excerpt, score, null);
    }
}
