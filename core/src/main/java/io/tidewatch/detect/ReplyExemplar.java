package io.tidewatch.detect;

/** A reply kept as evidence. */
public record ReplyExemplar(String conversationId, int turn, String excerpt, double score) {
}
