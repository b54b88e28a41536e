package io.tidewatch.topology;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConceptBucketStats;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.detect.SegmentMonitor;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** Turns the detector's plain results into the Avro records of the output topics. */
final class AvroMapping {

    private AvroMapping() {
    }

    static SegmentStats segmentStats(final SegmentMonitor.ClosedBucket bucket) {
        final List<ConceptBucketStats> concepts = bucket.concepts().stream().map(c -> ConceptBucketStats.newBuilder()
                .setConcept(c.concept())
                .setCount(c.moments().count())
                .setSum(c.moments().sum())
                .setSumSquares(c.moments().sumSquares())
                .setMean(c.moments().mean())
                .setReferenceMean(c.reference() == null ? null : c.reference().mean())
                .setReferenceSpread(c.reference() == null ? null : c.reference().spread())
                .setStandardized(c.standardized())
                .setCusum(c.cusum())
                .setThreshold(c.threshold())
                .build()).toList();
        return SegmentStats.newBuilder()
                .setSegment(SegmentKey.parse(bucket.segmentKey()))
                .setSegmentKey(bucket.segmentKey())
                .setWindowStart(Instant.ofEpochMilli(bucket.start()))
                .setWindowEnd(Instant.ofEpochMilli(bucket.end()))
                .setCount(bucket.count())
                .setCalibrating(bucket.calibrating())
                .setConcepts(concepts)
                .build();
    }

    static DriftAlert driftAlert(final SegmentMonitor.Alert alert) {
        final List<Exemplar> exemplars = alert.exemplars().stream().map(e -> Exemplar.newBuilder()
                .setConversationId(e.conversationId())
                .setTurn(e.turn())
                .setExcerpt(e.excerpt())
                .setScore(e.score())
                .build()).toList();
        return DriftAlert.newBuilder()
                .setAlertId(alert.event().alertId())
                .setState(AlertState.valueOf(alert.event().state().name()))
                .setDetector(alert.detector())
                .setConcept(alert.concept())
                .setSegment(SegmentKey.parse(alert.segmentKey()))
                .setEventTime(Instant.ofEpochMilli(alert.event().eventTime()))
                .setWindowStart(Instant.ofEpochMilli(alert.windowStart()))
                .setWindowEnd(Instant.ofEpochMilli(alert.windowEnd()))
                .setStatistic(alert.event().statistic())
                .setThreshold(alert.event().threshold())
                .setObservedMean(alert.observedMean())
                .setReferenceMean(alert.referenceMean())
                .setEffectSize(alert.effectSize())
                .setSampleCount(alert.sampleCount())
                .setExemplars(exemplars)
                .setExplainedBy(List.of())
                .setMessage(message(alert))
                .build();
    }

    private static String message(final SegmentMonitor.Alert alert) {
        return String.format(Locale.ROOT, "%s %s: %s in %s, mean score %.4f vs reference %.4f (%+.2f sd) over %d replies since %s",
                alert.event().state(), alert.detector(), alert.concept(), alert.segmentKey(), alert.observedMean(),
                alert.referenceMean(), alert.effectSize(), alert.sampleCount(), Instant.ofEpochMilli(alert.windowStart()));
    }
}
