package io.tidewatch.describe;

/**
 * One reply of a dataset being described: its id, the conversation it belongs to (the unit that
 * is resampled, so a long conversation counts as one piece of evidence, not hundreds), its text
 * and its unit embedding.
 */
public record Example(String id, String conversation, String text, float[] embedding) {
}
