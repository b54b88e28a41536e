package io.tidewatch.detect;

/**
 * An operator's request to re-anchor a segment's reference to a calibration period.
 *
 * @param segmentKey  the segment
 * @param from        start of the calibration period, epoch ms, inclusive
 * @param to          end of the calibration period, epoch ms, exclusive
 * @param requestedBy who asked, for the audit record
 * @param reason      why, for the audit record
 * @param requestedAt when it was asked, epoch ms: the event time of the audit record
 */
public record PinRequest(String segmentKey, long from, long to, String requestedBy, String reason, long requestedAt) {

    /** Validates that the period is not empty. */
    public PinRequest {
        if (from >= to) {
            throw new IllegalArgumentException("the calibration period must end after it starts, got from " + from + " to " + to);
        }
    }
}
