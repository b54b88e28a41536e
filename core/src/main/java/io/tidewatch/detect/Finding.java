package io.tidewatch.detect;

import java.util.List;
import java.util.Map;

/**
 * What one detector found at one decision point, with the evidence an alert carries.
 *
 * @param detector      detector name, e.g. cusum, spike-lower, unexplained-shift
 * @param concept       concept id, or null for the unexplained shift and audit records
 * @param statistic     the detector statistic
 * @param threshold     the statistic's alarm threshold
 * @param windowStart   event-time start of the evidence, epoch ms
 * @param observedMean  mean score over the evidence (for the shift detector, the shift's length)
 * @param referenceMean the reference mean score (0 for the shift detector)
 * @param effectSize    (observed − reference) in reference per-reply spreads
 * @param sampleCount   replies in the evidence
 * @param exemplars     replies that carry the finding most strongly, strongest first
 * @param explainedBy   cosines of the shift with the known concepts, largest magnitude first
 * @param details       detector-specific extras
 * @param naming        for the unexplained shift, the themes that name it and its verification; null otherwise
 */
public record Finding(String detector, String concept, double statistic, double threshold, long windowStart,
                      double observedMean, double referenceMean, double effectSize, long sampleCount,
                      List<ReplyExemplar> exemplars, List<Explanation> explainedBy, Map<String, String> details, ShiftNaming naming) {

    public Finding {
        exemplars = List.copyOf(exemplars);
        explainedBy = List.copyOf(explainedBy);
        details = Map.copyOf(details);
    }

    /** A finding that names no shift: a concept detector's, or an audit record. */
    public Finding(final String detector, final String concept, final double statistic, final double threshold, final long windowStart,
                   final double observedMean, final double referenceMean, final double effectSize, final long sampleCount,
                   final List<ReplyExemplar> exemplars, final List<Explanation> explainedBy, final Map<String, String> details) {
        this(detector, concept, statistic, threshold, windowStart, observedMean, referenceMean, effectSize, sampleCount, exemplars,
                explainedBy, details, null);
    }

    /**
     * What an episode closes with when its reason to be open is gone rather than judged away (a
     * re-pin, a retired concept): no statistic and no evidence, only why.
     *
     * @param windowStart the episode's start, or 0 if there is no episode
     * @param details     why, as {@code resolved_by}
     */
    static Finding closing(final String detector, final String concept, final long windowStart, final Map<String, String> details) {
        return new Finding(detector, concept, 0.0, 0.0, windowStart, 0.0, 0.0, 0.0, 0, List.of(), List.of(), details);
    }

    /** The record of an operator's re-pin: its period's start, the replies on record for it, and the outcome. */
    static Finding repinAudit(final long windowStart, final long repliesOnRecord, final Map<String, String> details) {
        return new Finding(SegmentMonitor.REFERENCE_PIN, null, 0.0, 0.0, windowStart, 0.0, 0.0, 0.0, repliesOnRecord,
                List.of(), List.of(), details);
    }

    /** Identifies the monitored stream: detector, concept and segment. */
    String streamId(final String segmentKey) {
        return detector + "|" + (concept == null ? "" : concept) + "|" + segmentKey;
    }
}
