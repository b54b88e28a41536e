package io.tidewatch.detect;

/**
 * An alert lifecycle event with the finding behind it.
 *
 * @param windowEnd event-time end of the evidence, epoch ms, exclusive
 * @param incident  the incident the alert belongs to; null for audit records
 */
public record Alert(AlertEvent event, String segmentKey, long windowEnd, Finding finding, Incident incident) {

    /** An alert not (yet) assigned to an incident. */
    public Alert(final AlertEvent event, final String segmentKey, final long windowEnd, final Finding finding) {
        this(event, segmentKey, windowEnd, finding, null);
    }
}
