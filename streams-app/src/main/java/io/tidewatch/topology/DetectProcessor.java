package io.tidewatch.topology;

import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.detect.HistoryGranule;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.metrics.TidewatchMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;

/**
 * Detect stage: holds one {@link SegmentState} per segment in a changelogged store and lets the
 * pure {@link SegmentMonitor} decide; forwards closed buckets and alert events, and adds each
 * closed bucket to the segment's history granules (kept so that references can be re-pinned to a
 * past period). A stream-time punctuation closes the buckets of segments that fell silent while
 * others kept going.
 */
final class DetectProcessor implements Processor<String, ScoredTurn, String, Object> {

    static final String SEGMENT_STORE = "segment-state";
    static final String HISTORY_STORE = "segment-history";


    private final SegmentMonitor monitor;
    private final Duration bucket;
    private final TidewatchMetrics metrics;
    /** Segments this task has exported gauges for; released when the task leaves this instance. */
    private final Set<String> exported = new HashSet<>();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SegmentState> segments;
    private WindowStore<String, HistoryGranule> history;

    DetectProcessor(final SegmentMonitor monitor, final Duration bucket, final TidewatchMetrics metrics) {
        this.monitor = monitor;
        this.bucket = bucket;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.segments = context.getStateStore(SEGMENT_STORE);
        this.history = context.getStateStore(HISTORY_STORE);
        context.schedule(bucket, PunctuationType.STREAM_TIME, this::closeIdleSegments);
    }

    @Override
    public void process(final Record<String, ScoredTurn> record) {
        if (record.value() == null && record.headers().lastHeader(TidewatchTopology.END_OF_INPUT_HEADER) != null) {
            // A replay's input is exhausted: close every bucket up to the marker's event time.
            closeIdleSegments(record.timestamp());
            return;
        }
        final ScoredTurn turn = record.value();
        final String key = turn.getSegmentKey();
        final SegmentState state = stateOf(segments, key);
        settle(key, monitor.retireChanged(state, versionsOf(turn), turn.getTimestamp().toEpochMilli()));
        final SegmentMonitor.Output output = monitor.accept(state, new SegmentMonitor.ScoredReply(
                turn.getConversationId(), turn.getTurn(), turn.getTimestamp().toEpochMilli(),
                turn.getScores(), turn.getExcerpt(), floats(turn.getEmbedding())));
        if (output.lateReplies() > 0) {
            // A late reply changes no statistic; it is counted so operators can widen the grace period.
            metrics.lateTurns(key, output.lateReplies());
        }
        emit(key, state, output);
        segments.put(key, state);
    }

    /** The version each score was computed with; turns scored before versions were recorded share the empty one. */
    private static Map<String, String> versionsOf(final ScoredTurn turn) {
        final Map<String, String> versions = new HashMap<>();
        turn.getScores().keySet().forEach(concept -> versions.put(concept, turn.getConceptVersions().getOrDefault(concept, "")));
        return versions;
    }

    private void closeIdleSegments(final long streamTime) {
        final List<KeyValue<String, SegmentState>> all = new ArrayList<>();
        try (KeyValueIterator<String, SegmentState> it = segments.all()) {
            it.forEachRemaining(all::add);
        }
        for (final KeyValue<String, SegmentState> entry : all) {
            final SegmentMonitor.Output output = monitor.advanceTo(entry.value, streamTime);
            if (!output.closedBuckets().isEmpty()) {
                emit(entry.key, entry.value, output);
                segments.put(entry.key, entry.value);
            }
        }
    }

    static SegmentState stateOf(final KeyValueStore<String, SegmentState> segments, final String key) {
        final SegmentState state = segments.get(key);
        return state != null ? state : new SegmentState(key);
    }

    /** Forwards closed buckets and alerts; a closed bucket also retires the concepts that left the catalog before it. */
    private void emit(final String key, final SegmentState state, final SegmentMonitor.Output output) {
        for (final SegmentMonitor.ClosedBucket closed : output.closedBuckets()) {
            final long granule = monitor.granuleStart(closed.start());
            final HistoryGranule kept = history.fetch(closed.segmentKey(), granule);
            history.put(closed.segmentKey(), (kept != null ? kept : new HistoryGranule()).add(closed), granule);
            metrics.bucketClosed(closed, state);
            exported.add(closed.segmentKey());
            context.forward(new Record<>(closed.segmentKey(), AvroMapping.segmentStats(closed), closed.end() - 1),
                    TidewatchTopology.STATS_SINK);
            settle(key, monitor.retireAbsent(state, closed));
        }
        forwardAlerts(context, metrics, output.alerts());
    }

    private void settle(final String key, final SegmentMonitor.Retirement retirement) {
        forwardAlerts(context, metrics, retirement.alerts());
        retirement.concepts().forEach(concept -> metrics.conceptRetired(key, concept));
    }

    static void forwardAlerts(final ProcessorContext<String, Object> context, final TidewatchMetrics metrics,
                              final List<SegmentMonitor.Alert> alerts) {
        for (final SegmentMonitor.Alert alert : alerts) {
            metrics.alert(alert);
            context.forward(new Record<>(alert.event().alertId(), AvroMapping.driftAlert(alert), alert.event().eventTime()),
                    TidewatchTopology.ALERTS_SINK);
        }
    }

    @Override
    public void close() {
        // A rebalance may have moved this task to another instance, which exports its segments from now on.
        exported.forEach(metrics::segmentReleased);
    }

    private static float[] floats(final List<Float> values) {
        final float[] v = new float[values.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(i);
        }
        return v;
    }
}
