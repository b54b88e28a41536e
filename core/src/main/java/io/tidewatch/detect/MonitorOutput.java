package io.tidewatch.detect;

import java.util.List;

/**
 * What one call produced.
 *
 * @param retiredConcepts concepts the segment stopped tracking: their definition changed, or
 *                        they left the catalog
 */
public record MonitorOutput(List<ClosedBucket> closedBuckets, List<Alert> alerts, long lateReplies, List<String> retiredConcepts) {
    static MonitorOutput empty() {
        return new MonitorOutput(List.of(), List.of(), 0, List.of());
    }
}
