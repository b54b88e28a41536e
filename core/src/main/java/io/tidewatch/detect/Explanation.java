package io.tidewatch.detect;

/**
 * How well one known concept lines up with a shift of the mean embedding.
 *
 * @param concept concept id
 * @param cosine  cosine between the shift and the concept direction, in [−1, 1]
 */
public record Explanation(String concept, double cosine) {
}
