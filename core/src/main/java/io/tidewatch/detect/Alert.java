package io.tidewatch.detect;

/**
 * An alert lifecycle event with the finding behind it.
 *
 * @param windowEnd event-time end of the evidence, epoch ms, exclusive
 */
public record Alert(AlertEvent event, String segmentKey, long windowEnd, Finding finding) {
}
