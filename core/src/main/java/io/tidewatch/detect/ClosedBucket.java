package io.tidewatch.detect;

import io.tidewatch.stats.EmbeddingSums;
import io.tidewatch.stats.TermSketch;
import java.util.List;

/**
 * A bucket the monitor has closed, in event-time order.
 *
 * @param embedding the bucket's embedding sums; null when its replies carried none
 * @param shiftSize the standardised size of the unexplained-shift window this bucket completed
 *                  ({@link io.tidewatch.stats.ShiftReference#standardizedSize}); null if it completed none
 * @param terms     the terms of the bucket's replies that carried an embedding; null when none did
 */
public record ClosedBucket(String segmentKey, long start, long end, long count, boolean calibrating,
                           List<ConceptBucket> concepts, EmbeddingSums embedding, Double shiftSize, TermSketch terms) {
}
