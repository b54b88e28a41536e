package io.tidewatch.topology;

import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.detect.Alert;
import io.tidewatch.detect.ClosedBucket;
import io.tidewatch.detect.HistoryGranule;
import io.tidewatch.detect.MonitorOutput;
import io.tidewatch.detect.PinRequest;
import io.tidewatch.detect.ScoredReply;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.detect.SourceWatermarks;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.topology.state.OpenReplies;
import io.tidewatch.topology.wire.AvroMapping;
import io.tidewatch.topology.wire.EmbeddingBytes;
import io.tidewatch.topology.wire.SourceClock;
import io.tidewatch.topology.wire.TermHashBytes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Detect stage: the pure {@link SegmentMonitor} decides, this processor keeps its state. Each
 * reply of an open bucket is one small entry in a changelogged store; the rest of a segment's
 * state is rewritten only when one of its buckets closes (or a pin or late reply changes it).
 * Buckets close when every source of the scored topic has passed them (see
 * {@link SourceWatermarks}), so a bucket's replies, and everything computed from them, are the
 * same however the score tasks interleave. Closed buckets and alert events are forwarded, and each
 * closed bucket joins the segment's history granules (kept so that references can be re-pinned to
 * a past period). Operator re-pins from the control topic arrive here too, since they change the
 * same segment state.
 */
final class DetectProcessor implements Processor<String, Object, String, Object> {

    static final String SEGMENT_STORE = "segment-state";
    static final String OPEN_REPLY_STORE = "segment-open-replies";
    static final String SOURCE_STORE = "source-watermarks";
    static final String HISTORY_STORE = "segment-history";
    private static final Logger LOG = LoggerFactory.getLogger(DetectProcessor.class);
    private static final float[] NO_EMBEDDING = {};
    private static final int[] NO_TERMS = {};
    private static final int MAX_VERSION_MAPS = 1_000;

    private final SegmentMonitor monitor;
    private final TidewatchMetrics metrics;
    private final int sources;
    /** Segments this task has exported gauges for; released when the task leaves this instance. */
    private final Set<String> exported = new HashSet<>();
    /** Segments with open buckets, with their replies; the others are read from the store when needed. */
    private final Map<String, SegmentState> open = new HashMap<>();
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SegmentState> segments;
    private KeyValueStore<Bytes, ScoredReply> openReplies;
    /** The store keys of the open replies, by segment and bucket start: a closed bucket's are deleted without a scan. */
    private final Map<String, Map<Long, List<Bytes>>> openKeys = new HashMap<>();
    /**
     * One instance of each concept-version map seen, shared by the replies that carry it: a
     * closing bucket looks every reply's versions up, and one map in cache beats thousands
     * scattered over the heap. Cleared when full; catalogs change rarely.
     */
    private final Map<Map<String, String>, Map<String, String>> versionMaps = new HashMap<>();
    private KeyValueStore<Integer, byte[]> sourceStore;
    private WindowStore<String, HistoryGranule> history;
    private SourceWatermarks watermarks;
    /** Event time at which the earliest open bucket of any segment closes. */
    private long nextClose = Long.MAX_VALUE;

    /** @param sources partitions of the input topic, each scored by its own task */
    DetectProcessor(final SegmentMonitor monitor, final TidewatchMetrics metrics, final int sources) {
        this.monitor = monitor;
        this.metrics = metrics;
        this.sources = sources;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.segments = context.getStateStore(SEGMENT_STORE);
        this.openReplies = context.getStateStore(OPEN_REPLY_STORE);
        this.sourceStore = context.getStateStore(SOURCE_STORE);
        this.history = context.getStateStore(HISTORY_STORE);
        // A task may be initialised again after a failure: start from what the stores hold.
        open.clear();
        openKeys.clear();
        watermarks = new SourceWatermarks(sources);
        try (KeyValueIterator<Integer, byte[]> all = sourceStore.all()) {
            all.forEachRemaining(claim -> watermarks.claim(claim.key, SourceClock.decode(claim.value)));
        }
        try (KeyValueIterator<Bytes, ScoredReply> all = openReplies.all()) {
            while (all.hasNext()) {
                final KeyValue<Bytes, ScoredReply> entry = all.next();
                final ScoredReply reply = entry.value;
                final String segment = OpenReplies.segmentOf(entry.key);
                final long bucketStart = monitor.bucketStart(reply.timestamp());
                open.computeIfAbsent(segment, this::stored).openBuckets.computeIfAbsent(bucketStart, start -> new ArrayList<>()).add(reply);
                remember(segment, bucketStart, entry.key);
            }
        }
        nextClose = open.values().stream().mapToLong(monitor::firstClose).min().orElse(Long.MAX_VALUE);
    }

    @Override
    public void process(final Record<String, Object> record) {
        if (record.value() instanceof ScoredTurn turn) {
            scored(record, turn);
        } else if (record.value() instanceof io.tidewatch.avro.ReferencePin pin) {
            pin(pin);
        } else {
            mark(record).ifPresentOrElse(this::heard,
                    () -> LOG.warn("ignoring a record without a scored turn or a source mark on the scored topic (key {})", record.key()));
        }
        closeDue();
    }

    private void scored(final Record<String, Object> record, final ScoredTurn turn) {
        final String key = turn.getSegmentKey();
        final long eventTime = turn.getTimestamp().toEpochMilli();
        final Optional<SourceClock.Mark> mark = mark(record);
        final long sourceWatermark = mark.map(SourceClock.Mark::watermark).orElse(Long.MIN_VALUE);
        final ScoredReply reply = new ScoredReply(turn.getConversationId(), turn.getTurn(), eventTime,
                turn.getScores(), turn.getExcerpt(), shiftInput(turn, "embedding", EmbeddingBytes::decode, NO_EMBEDDING),
                shared(turn.getConceptVersions()), shiftInput(turn, "term hashes", TermHashBytes::decode, NO_TERMS),
                AvroMapping.passages(turn.getPassages()), turn.getPromptScores());
        final SegmentState state = state(key);
        if (monitor.add(state, reply, sourceWatermark).lateReplies() > 0) {
            // A late reply changes no statistic; it is counted so operators can widen the grace period.
            metrics.lateTurns(key, 1);
            segments.put(key, state);
        } else {
            final long offset = context.recordMetadata().map(m -> m.offset()).orElseThrow();
            final long bucketStart = monitor.bucketStart(eventTime);
            final Bytes replyKey = OpenReplies.key(key, bucketStart, offset);
            // Encoded only if its bucket is still open at the next commit.
            openReplies.put(replyKey, reply);
            remember(key, bucketStart, replyKey);
            open.put(key, state);
            nextClose = Math.min(nextClose, monitor.firstClose(state));
        }
        mark.ifPresent(m -> heard(new SourceClock.Mark(m.source(), Math.max(m.watermark(), eventTime), false)));
    }

    private Optional<SourceClock.Mark> mark(final Record<String, Object> record) {
        try {
            return SourceClock.read(record.headers());
        } catch (final IllegalArgumentException e) {
            LOG.warn("ignoring the source mark of a record on the scored topic: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private void heard(final SourceClock.Mark mark) {
        if (mark.source() >= sources) {
            LOG.warn("source {} is beyond the {} partitions of the input topic known at start; restart after adding partitions",
                    mark.source(), sources);
            return;
        }
        watermarks.claim(mark.source(), mark.claim());
        sourceStore.put(mark.source(), SourceClock.encode(mark.claim()));
    }

    /** Closes the buckets every source has passed, if any. */
    private void closeDue() {
        final long closable = watermarks.closable();
        if (closable < nextClose) {
            return;
        }
        long next = Long.MAX_VALUE;
        for (final String key : List.copyOf(open.keySet())) {
            final SegmentState state = open.get(key);
            final MonitorOutput output = monitor.advanceTo(state, closable);
            if (!output.closedBuckets().isEmpty()) {
                output.closedBuckets().forEach(closed -> forgetReplies(key, closed.start()));
                emit(key, state, output);
                segments.put(key, state);
            }
            if (state.openBuckets.isEmpty()) {
                open.remove(key);
            } else {
                next = Math.min(next, monitor.firstClose(state));
            }
        }
        nextClose = next;
    }

    private Map<String, String> shared(final Map<String, String> versions) {
        if (versionMaps.size() >= MAX_VERSION_MAPS) {
            versionMaps.clear();
        }
        return versionMaps.computeIfAbsent(versions, Map::copyOf);
    }

    private void remember(final String segment, final long bucketStart, final Bytes replyKey) {
        openKeys.computeIfAbsent(segment, s -> new HashMap<>()).computeIfAbsent(bucketStart, b -> new ArrayList<>()).add(replyKey);
    }

    private void forgetReplies(final String key, final long bucketStart) {
        final Map<Long, List<Bytes>> buckets = openKeys.get(key);
        final List<Bytes> keys = buckets == null ? null : buckets.remove(bucketStart);
        if (keys != null) {
            // A null put deletes without decoding the reply it deletes.
            keys.forEach(k -> openReplies.put(k, null));
        }
        if (buckets != null && buckets.isEmpty()) {
            openKeys.remove(key);
        }
    }

    private void pin(final io.tidewatch.avro.ReferencePin request) {
        if (!request.getFrom().isBefore(request.getTo())) {
            // `tidewatch reference pin` never writes these; a hand-made record must not stop the app.
            LOG.warn("ignoring a re-pin without a calibration period: {}", request);
            return;
        }
        final PinRequest pin = new PinRequest(request.getSegmentKey(), request.getFrom().toEpochMilli(),
                request.getTo().toEpochMilli(), request.getRequestedBy(), request.getReason(), request.getRequestedAt().toEpochMilli());
        final String key = pin.segmentKey();
        final SegmentState state = state(key);
        final MonitorOutput output = monitor.pin(state, pin, historyOf(pin));
        segments.put(key, state);
        forwardAlerts(output.alerts());
    }

    private HistoryGranule historyOf(final PinRequest pin) {
        final HistoryGranule merged = new HistoryGranule();
        try (WindowStoreIterator<HistoryGranule> granules = history.fetch(pin.segmentKey(),
                monitor.granuleStart(pin.from()), monitor.granuleStart(pin.to() - 1))) {
            while (granules.hasNext()) {
                merged.merge(granules.next().value);
            }
        }
        return merged;
    }

    /** The segment's state: the cached one while it has open buckets, else as the store holds it. */
    private SegmentState state(final String key) {
        final SegmentState cached = open.get(key);
        return cached != null ? cached : stored(key);
    }

    private SegmentState stored(final String key) {
        final SegmentState state = segments.get(key);
        return state != null ? state : new SegmentState(key);
    }

    /** Forwards closed buckets and alerts; each closed bucket also joins the segment's history. */
    private void emit(final String key, final SegmentState state, final MonitorOutput output) {
        for (final ClosedBucket closed : output.closedBuckets()) {
            final long granule = monitor.granuleStart(closed.start());
            final HistoryGranule kept = history.fetch(closed.segmentKey(), granule);
            history.put(closed.segmentKey(), (kept != null ? kept : new HistoryGranule()).add(closed), granule);
            metrics.bucketClosed(closed, state);
            exported.add(closed.segmentKey());
            context.forward(new Record<>(closed.segmentKey(), AvroMapping.segmentStats(closed), closed.end() - 1),
                    TidewatchTopology.STATS_SINK);
        }
        output.retiredConcepts().forEach(concept -> metrics.conceptRetired(key, concept));
        forwardAlerts(output.alerts());
    }

    private void forwardAlerts(final List<Alert> alerts) {
        for (final Alert alert : alerts) {
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

    /**
     * A part of the turn only the unexplained-shift detector reads (its embedding, its term
     * hashes); {@code none}, counted, if it is malformed (only a hand-made record can be), so the
     * turn's scores still count.
     */
    private <T> T shiftInput(final ScoredTurn turn, final String what, final Function<ScoredTurn, T> decode, final T none) {
        try {
            return decode.apply(turn);
        } catch (final IllegalArgumentException e) {
            metrics.shiftInputIgnored();
            LOG.warn("ignoring the {} of {} turn {}: {}", what, turn.getConversationId(), turn.getTurn(), e.getMessage());
            return none;
        }
    }
}
