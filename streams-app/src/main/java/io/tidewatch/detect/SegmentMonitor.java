package io.tidewatch.detect;

import io.tidewatch.stats.Moments;
import io.tidewatch.stats.Reference;
import io.tidewatch.stats.ReferenceAccumulator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The detector of one segment, as a pure function of its {@link SegmentState} and the scored
 * replies fed to it in event time. Replies are summed into event-time buckets; a bucket closes
 * once the segment's event time has passed its end by the grace period. Each concept calibrates
 * an anchored reference over its first {@code referenceDuration} of buckets, then runs an upper
 * CUSUM on standardised buckets against a threshold derived from the false-alarm budget.
 */
public final class SegmentMonitor {

    /** Detector name on alerts and metrics. */
    public static final String CUSUM = "cusum";

    private final Settings settings;
    private final Cusum cusum;

    public SegmentMonitor(final Settings settings) {
        this.settings = settings;
        this.cusum = Cusum.forBudget(settings.cusumK(), settings.arl0Buckets());
    }

    /** Threshold every CUSUM of this monitor alarms at. */
    public double threshold() {
        return cusum.h();
    }

    /**
     * How a monitor is tuned.
     *
     * @param arl0Buckets in-control average run length each (segment, concept) stream must have
     * @param exemplars   replies kept per concept as evidence for an alert
     */
    public record Settings(Duration bucket, Duration grace, Duration referenceDuration, double cusumK,
                           double arl0Buckets, AlertLifecycle.Settings lifecycle, int exemplars) {
    }

    /** One reply's scores as the detector sees them. */
    public record ScoredReply(String conversationId, int turn, long timestamp, Map<String, Double> scores, String excerpt) {
    }

    /** One concept's part of a closed bucket; reference and detector fields are null while calibrating. */
    public record ConceptBucket(String concept, Moments moments, Reference reference, Double standardized,
                                Double cusum, Double threshold) {
    }

    /** A bucket the monitor has closed, in event-time order. */
    public record ClosedBucket(String segmentKey, long start, long end, long count, boolean calibrating,
                               List<ConceptBucket> concepts) {
    }

    /** An alert lifecycle event with the evidence behind it. */
    public record Alert(AlertEvent event, String detector, String concept, String segmentKey, long windowStart,
                        long windowEnd, double observedMean, double referenceMean, double effectSize,
                        long sampleCount, List<Exemplar> exemplars) {
    }

    /** What one call produced. */
    public record Output(List<ClosedBucket> closedBuckets, List<Alert> alerts, long lateReplies) {
        static Output empty() {
            return new Output(List.of(), List.of(), 0);
        }

        boolean isEmpty() {
            return closedBuckets.isEmpty() && alerts.isEmpty() && lateReplies == 0;
        }
    }

    /** Concepts a segment stopped tracking, and the alerts that closed with them. */
    public record Retirement(List<String> concepts, List<Alert> alerts) {
    }

    /**
     * Starts afresh every concept whose definition changed, judged by the concept versions a reply
     * was scored with (call it before {@link #accept}): its track, calibration and share of the open
     * buckets are dropped, so an edited concept calibrates anew instead of reading as drift, and an
     * open alert resolves, so that subscribers are not left with one that never closes.
     */
    public Retirement retireChanged(final SegmentState state, final Map<String, String> versions, final long eventTime) {
        final List<String> retired = new ArrayList<>();
        final List<Alert> alerts = new ArrayList<>();
        for (final Map.Entry<String, String> scored : new TreeMap<>(versions).entrySet()) {
            final String tracked = state.conceptVersions.get(scored.getKey());
            if (tracked != null && !tracked.equals(scored.getValue())) {
                retired.add(scored.getKey());
                retire(state, scored.getKey(), eventTime).ifPresent(alerts::add);
            }
            state.conceptVersions.put(scored.getKey(), scored.getValue());
            state.conceptLastSeen.merge(scored.getKey(), eventTime, Math::max);
        }
        return new Retirement(List.copyOf(retired), List.copyOf(alerts));
    }

    /**
     * Stops tracking every concept that left the catalog: one that no reply has carried since
     * before {@code bucket} started. Waiting for a whole bucket, rather than retiring at the first
     * reply without the concept, lets a catalog update that arrives record by record, or reaches
     * instances at slightly different times, pass without restarting concepts it keeps.
     */
    public Retirement retireAbsent(final SegmentState state, final ClosedBucket bucket) {
        final List<String> retired = new ArrayList<>();
        final List<Alert> alerts = new ArrayList<>();
        for (final String concept : new TreeMap<>(state.conceptLastSeen).keySet()) {
            if (state.conceptLastSeen.get(concept) < bucket.start()) {
                retired.add(concept);
                retire(state, concept, bucket.end()).ifPresent(alerts::add);
                state.conceptVersions.remove(concept);
                state.conceptLastSeen.remove(concept);
            }
        }
        return new Retirement(List.copyOf(retired), List.copyOf(alerts));
    }

    private Optional<Alert> retire(final SegmentState state, final String concept, final long eventTime) {
        state.openBuckets.values().forEach(bucket -> bucket.forget(concept));
        final SegmentState.ConceptTrack track = state.concepts.remove(concept);
        if (track == null || track.episode == null) {
            return Optional.empty();
        }
        // An open episode always has a CUSUM run behind it, so the run is its evidence.
        return AlertLifecycle.step(track.episode, streamId(state, concept), eventTime, track.episode.start(), 0.0,
                        cusum.h(), settings.lifecycle()).event()
                .map(event -> alert(state, track, concept, event, track.episode.start(), eventTime, track.run, track.runTop));
    }

    /** Adds one reply to its bucket and closes every bucket its event time leaves behind. */
    public Output accept(final SegmentState state, final ScoredReply reply) {
        final long start = bucketStart(reply.timestamp());
        if (start + bucketMillis() <= state.closedUntil) {
            state.lateReplies++;
            return new Output(List.of(), List.of(), 1);
        }
        state.openBuckets.computeIfAbsent(start, s -> new SegmentState.OpenBucket()).add(reply, settings.exemplars());
        state.watermark = Math.max(state.watermark, reply.timestamp());
        return advanceTo(state, state.watermark);
    }

    /** Closes every bucket whose end lies a grace period or more before {@code eventTime}. */
    public Output advanceTo(final SegmentState state, final long eventTime) {
        return closeWhile(state, bucketStart -> bucketStart + bucketMillis() + settings.grace().toMillis() <= eventTime);
    }

    /** Closes every open bucket: the end of a replay. */
    public Output flush(final SegmentState state) {
        return closeWhile(state, bucketStart -> true);
    }

    private Output closeWhile(final SegmentState state, final java.util.function.LongPredicate closable) {
        final List<ClosedBucket> closed = new ArrayList<>();
        final List<Alert> alerts = new ArrayList<>();
        while (!state.openBuckets.isEmpty() && closable.test(state.openBuckets.firstKey())) {
            final Map.Entry<Long, SegmentState.OpenBucket> first = state.openBuckets.pollFirstEntry();
            final long start = first.getKey();
            final long end = start + bucketMillis();
            state.closedUntil = Math.max(state.closedUntil, end);
            closed.add(close(state, start, end, first.getValue(), alerts));
        }
        return closed.isEmpty() ? Output.empty() : new Output(List.copyOf(closed), List.copyOf(alerts), 0);
    }

    private ClosedBucket close(final SegmentState state, final long start, final long end,
                               final SegmentState.OpenBucket bucket, final List<Alert> alerts) {
        final List<ConceptBucket> concepts = new ArrayList<>();
        boolean calibrating = false;
        for (final Map.Entry<String, Moments> entry : new TreeMap<>(bucket.moments).entrySet()) {
            final String concept = entry.getKey();
            final SegmentState.ConceptTrack track = state.concepts.computeIfAbsent(concept, c -> new SegmentState.ConceptTrack(start));
            if (track.reference == null && calibrationOver(track, start) && track.calibration.isEstimable()) {
                // Anchored: estimated once from the calibration period, then frozen.
                track.reference = track.calibration.estimate();
            }
            final ConceptBucket result = track.reference == null
                    ? calibrate(track, concept, entry.getValue())
                    : detect(state, track, concept, start, end, entry.getValue(), bucket.top(concept), alerts);
            calibrating |= result.reference() == null;
            concepts.add(result);
        }
        return new ClosedBucket(state.segmentKey, start, end, bucket.count, calibrating, List.copyOf(concepts));
    }

    private boolean calibrationOver(final SegmentState.ConceptTrack track, final long bucketStart) {
        return bucketStart >= track.calibrationStart + settings.referenceDuration().toMillis();
    }

    private static ConceptBucket calibrate(final SegmentState.ConceptTrack track, final String concept, final Moments moments) {
        track.calibration = track.calibration.plus(moments);
        return new ConceptBucket(concept, moments, null, null, null, null);
    }

    private ConceptBucket detect(final SegmentState state, final SegmentState.ConceptTrack track, final String concept,
                                 final long start, final long end, final Moments moments,
                                 final List<Exemplar> top, final List<Alert> alerts) {
        final double z = track.reference.standardize(moments);
        final double previous = track.cusum;
        track.cusum = cusum.update(previous, z);
        if (track.cusum > 0) {
            // The CUSUM's change-point estimate: evidence starts where the sum last left zero.
            if (previous == 0 || track.runStart == null) {
                track.runStart = start;
                track.run = Moments.empty();
                track.runTop = List.of();
            }
            track.run = track.run.merge(moments);
            track.runTop = SegmentState.mergeTop(track.runTop, top, settings.exemplars());
        }
        final String streamId = streamId(state, concept);
        final long windowStart = track.runStart != null ? track.runStart : start;
        final AlertLifecycle.Transition transition = AlertLifecycle.step(
                track.episode, streamId, end, windowStart, track.cusum, cusum.h(), settings.lifecycle());
        track.episode = transition.next();
        transition.event().ifPresent(event -> alerts.add(alert(state, track, concept, event, start, end, moments, top)));
        if (track.cusum == 0) {
            track.runStart = null;
            track.run = Moments.empty();
            track.runTop = List.of();
        }
        return new ConceptBucket(concept, moments, track.reference, z, track.cusum, cusum.h());
    }

    private Alert alert(final SegmentState state, final SegmentState.ConceptTrack track, final String concept,
                        final AlertEvent event, final long start, final long end, final Moments bucket,
                        final List<Exemplar> bucketTop) {
        final boolean hasRun = track.runStart != null && track.run.count() > 0;
        final Moments evidence = hasRun ? track.run : bucket;
        final Reference reference = track.reference;
        return new Alert(event, CUSUM, concept, state.segmentKey, hasRun ? track.runStart : start, end,
                evidence.mean(), reference.mean(), (evidence.mean() - reference.mean()) / reference.spread(),
                evidence.count(), hasRun ? track.runTop : bucketTop);
    }

    private static String streamId(final SegmentState state, final String concept) {
        return CUSUM + "|" + concept + "|" + state.segmentKey;
    }

    private long bucketStart(final long timestamp) {
        return Math.floorDiv(timestamp, bucketMillis()) * bucketMillis();
    }

    private long bucketMillis() {
        return settings.bucket().toMillis();
    }

    /** A reply kept as evidence. */
    public record Exemplar(String conversationId, int turn, String excerpt, double score) {
    }
}
