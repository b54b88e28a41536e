package io.tidewatch.detect;

import io.tidewatch.detect.SegmentState.ConceptTrack;
import io.tidewatch.detect.SegmentState.OpenBucket;
import io.tidewatch.detect.SegmentState.ShiftTrack;
import io.tidewatch.stats.EmbeddingSums;
import io.tidewatch.stats.Moments;
import io.tidewatch.stats.Reference;
import io.tidewatch.stats.ReferenceAccumulator;
import io.tidewatch.stats.ShiftAccumulator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;

/**
 * The detector of one segment, as a pure function of its {@link SegmentState} and the scored
 * replies fed to it in event time. Replies are summed into event-time buckets; a bucket closes
 * once the segment's event time has passed its end by the grace period. Each concept, and the
 * mean embedding, calibrate an anchored reference over their first {@code referenceDuration} of
 * event time (or a period an operator pins), then run their detectors on every closed bucket
 * against thresholds derived from the false-alarm budget.
 */
public final class SegmentMonitor {

    public static final String CUSUM = "cusum";
    public static final String SPIKE = "spike";
    public static final String SLOW = "slow";
    public static final String UNEXPLAINED_SHIFT = "unexplained-shift";
    public static final String REFERENCE_PIN = "reference-pin";

    private final Settings settings;
    private final ConceptDetectors conceptDetectors;
    private final ShiftDetector shiftDetector;

    /**
     * @param conceptDirections unit direction of each known concept, to explain unexplained shifts
     */
    public SegmentMonitor(final Settings settings, final Map<String, float[]> conceptDirections) {
        this.settings = settings;
        this.conceptDetectors = new ConceptDetectors(settings);
        final Map<String, double[]> directions = new TreeMap<>();
        conceptDirections.forEach((concept, d) -> {
            final double[] copy = new double[d.length];
            for (int i = 0; i < d.length; i++) {
                copy[i] = d[i];
            }
            directions.put(concept, copy);
        });
        this.shiftDetector = new ShiftDetector(settings, directions);
    }

    /**
     * How a monitor is tuned.
     *
     * @param arl0Buckets  in-control average run length, in buckets, that each (segment, concept)
     *                     stream and each segment's unexplained-shift stream must have; the concept
     *                     stream's detectors share it
     * @param shifts       per-reply shifts, in reference spreads, that the CUSUM bank is tuned for
     * @param lowerSide    whether concept streams are also watched for a drop
     * @param slowHorizon  block length of the slow detector
     * @param shiftWindow  window length of the unexplained-shift detector
     * @param history      how long history granules are kept: how far back a reference can be re-pinned
     * @param exemplars    replies kept as evidence per detector
     */
    public record Settings(Duration bucket, Duration grace, Duration referenceDuration, double arl0Buckets,
                           List<Double> shifts, boolean lowerSide, Duration slowHorizon, Duration shiftWindow,
                           Duration history, AlertLifecycle.Settings lifecycle, int exemplars) {

        /** History is kept in granules of whole buckets, about an hour long. */
        private static final Duration GRANULE_TARGET = Duration.ofHours(1);

        /** Validates the settings against each other. */
        public Settings {
            shifts = List.copyOf(shifts);
            if (bucket.isNegative() || bucket.isZero()) {
                throw new IllegalArgumentException("bucket must be positive, got " + bucket);
            }
            if (grace.isNegative() || referenceDuration.isNegative()) {
                throw new IllegalArgumentException("grace and reference duration must not be negative");
            }
            if (shifts.isEmpty() || shifts.stream().anyMatch(s -> !(s > 0) || s.isInfinite())) {
                throw new IllegalArgumentException("CUSUM shifts must be positive numbers, got " + shifts);
            }
            requireWholeBuckets("slow horizon", slowHorizon, bucket);
            requireWholeBuckets("unexplained-shift window", shiftWindow, bucket);
            if (history.compareTo(granule(bucket)) < 0) {
                throw new IllegalArgumentException("reference history must cover at least one granule (" + granule(bucket) + "), got " + history);
            }
            if (exemplars < 0) {
                throw new IllegalArgumentException("exemplars must not be negative, got " + exemplars);
            }
            requireRareBlocks("slow horizon", buckets(slowHorizon, bucket) / (arl0Buckets * detectors(lowerSide, shifts.size())), slowHorizon);
            requireRareBlocks("unexplained-shift window", buckets(shiftWindow, bucket) / arl0Buckets, shiftWindow);
        }

        /** The sides concept streams are watched on. */
        public List<Side> sides() {
            return lowerSide ? List.of(Side.UPPER, Side.LOWER) : List.of(Side.UPPER);
        }

        /** Detectors that share a concept stream's budget: the CUSUM bank, spike and slow, per side. */
        public int detectorsPerConceptStream() {
            return detectors(lowerSide, shifts.size());
        }

        private static int detectors(final boolean lowerSide, final int bankSize) {
            return (lowerSide ? 2 : 1) * (bankSize + 2);
        }

        /** In-control average run length, in buckets, of each detector of a concept stream. */
        double detectorArl0() {
            return arl0Buckets * detectorsPerConceptStream();
        }

        /** Length of a history granule: the fewest whole buckets that span an hour. */
        public Duration historyGranule() {
            return granule(bucket);
        }

        private static Duration granule(final Duration bucket) {
            return bucket.multipliedBy(Math.max(1, (GRANULE_TARGET.toMillis() + bucket.toMillis() - 1) / bucket.toMillis()));
        }

        private static double buckets(final Duration length, final Duration bucket) {
            return (double) length.toMillis() / bucket.toMillis();
        }

        /** A block must alarm falsely with probability well below one half, or its threshold means nothing. */
        private static void requireRareBlocks(final String name, final double alarmProbability, final Duration length) {
            if (!(alarmProbability < 0.1)) {
                throw new IllegalArgumentException("the false-alarm budget is too loose for a " + name + " of " + length
                        + ": each block would alarm with probability " + alarmProbability);
            }
        }

        private static void requireWholeBuckets(final String name, final Duration length, final Duration bucket) {
            if (length.isNegative() || length.isZero() || length.toMillis() % bucket.toMillis() != 0) {
                throw new IllegalArgumentException(name + " must be a positive whole number of buckets (" + bucket + "), got " + length);
            }
        }
    }

    /**
     * One reply's scores as the detector sees them.
     *
     * @param embedding the reply's unit embedding; empty when embeddings are not carried
     */
    public record ScoredReply(String conversationId, int turn, long timestamp, Map<String, Double> scores, String excerpt,
                              float[] embedding) {
    }

    /** One concept's part of a closed bucket; reference and detector fields are null while calibrating. */
    public record ConceptBucket(String concept, Moments moments, Reference reference, Double standardized,
                                Double cusum, Double threshold) {
    }

    /**
     * A bucket the monitor has closed, in event-time order.
     *
     * @param embedding the bucket's embedding sums; null when its replies carried none
     */
    public record ClosedBucket(String segmentKey, long start, long end, long count, boolean calibrating,
                               List<ConceptBucket> concepts, EmbeddingSums embedding) {
    }

    /**
     * An alert lifecycle event with the finding behind it.
     *
     * @param windowEnd event-time end of the evidence, epoch ms, exclusive
     */
    public record Alert(AlertEvent event, String segmentKey, long windowEnd, Finding finding) {
    }

    /** What one call produced. */
    public record Output(List<ClosedBucket> closedBuckets, List<Alert> alerts, long lateReplies) {
        static Output empty() {
            return new Output(List.of(), List.of(), 0);
        }
    }

    /** A reply kept as evidence. */
    public record Exemplar(String conversationId, int turn, String excerpt, double score) {
    }

    /** Concepts a segment stopped tracking, and the alerts that closed with them. */
    public record Retirement(List<String> concepts, List<Alert> alerts) {
    }

    /**
     * Starts afresh every concept whose definition changed, judged by the concept versions a reply
     * was scored with (call it before {@link #accept}): its track, calibration and share of the open
     * buckets are dropped, so an edited concept calibrates anew instead of reading as drift, and its
     * open alerts resolve, so that subscribers are not left with one that never closes.
     */
    public Retirement retireChanged(final SegmentState state, final Map<String, String> versions, final long eventTime) {
        final List<String> retired = new ArrayList<>();
        final Emitter emitter = new Emitter(state.segmentKey, settings.lifecycle());
        for (final Map.Entry<String, String> scored : new TreeMap<>(versions).entrySet()) {
            final String tracked = state.conceptVersions.get(scored.getKey());
            if (tracked != null && !tracked.equals(scored.getValue())) {
                retired.add(scored.getKey());
                retire(state, scored.getKey(), eventTime, emitter);
            }
            state.conceptVersions.put(scored.getKey(), scored.getValue());
            state.conceptLastSeen.merge(scored.getKey(), eventTime, Math::max);
        }
        return new Retirement(List.copyOf(retired), emitter.alerts());
    }

    /**
     * Stops tracking every concept that left the catalog: one that no reply has carried since
     * before {@code bucket} started. Waiting for a whole bucket, rather than retiring at the first
     * reply without the concept, lets a catalog update that arrives record by record, or reaches
     * instances at slightly different times, pass without restarting concepts it keeps.
     */
    public Retirement retireAbsent(final SegmentState state, final ClosedBucket bucket) {
        final List<String> retired = new ArrayList<>();
        final Emitter emitter = new Emitter(state.segmentKey, settings.lifecycle());
        for (final String concept : new TreeMap<>(state.conceptLastSeen).keySet()) {
            if (state.conceptLastSeen.get(concept) < bucket.start()) {
                retired.add(concept);
                retire(state, concept, bucket.end(), emitter);
                state.conceptVersions.remove(concept);
                state.conceptLastSeen.remove(concept);
            }
        }
        return new Retirement(List.copyOf(retired), emitter.alerts());
    }

    private void retire(final SegmentState state, final String concept, final long eventTime, final Emitter emitter) {
        state.openBuckets.values().forEach(bucket -> bucket.forget(concept));
        final SegmentState.ConceptTrack track = state.concepts.remove(concept);
        if (track != null) {
            resolveConcept(concept, track, eventTime, emitter, Map.of("resolved_by", "concept-retired"));
        }
    }

    /** Adds one reply to its bucket and closes every bucket its event time leaves behind. */
    public Output accept(final SegmentState state, final ScoredReply reply) {
        final long start = bucketStart(reply.timestamp());
        if (start + bucketMillis() <= state.closedUntil) {
            state.lateReplies++;
            return new Output(List.of(), List.of(), 1);
        }
        final OpenBucket bucket = state.openBuckets.computeIfAbsent(start, s -> new OpenBucket());
        bucket.add(reply, settings.exemplars(), settings.lowerSide());
        if (reply.embedding().length > 0) {
            shiftDetector.accept(state.shift, bucket, reply);
        }
        state.watermark = Math.max(state.watermark, reply.timestamp());
        return advanceTo(state, state.watermark);
    }

    /**
     * Adds a whole bucket's sums at once (as when replaying stored or simulated buckets) and closes
     * every bucket its end leaves behind.
     *
     * @throws IllegalStateException if the bucket is already open or closed
     */
    public Output acceptBucket(final SegmentState state, final long start, final OpenBucket bucket) {
        if (start != bucketStart(start) || start < state.closedUntil || state.openBuckets.putIfAbsent(start, bucket) != null) {
            throw new IllegalStateException("bucket at " + start + " is not aligned, already closed or already open");
        }
        state.watermark = Math.max(state.watermark, start + bucketMillis() - 1);
        return advanceTo(state, start + bucketMillis() + settings.grace().toMillis());
    }

    /** Closes every bucket whose end lies a grace period or more before {@code eventTime}. */
    public Output advanceTo(final SegmentState state, final long eventTime) {
        return closeWhile(state, bucketStart -> bucketStart + bucketMillis() + settings.grace().toMillis() <= eventTime);
    }

    /** Closes every open bucket: the end of a replay. */
    public Output flush(final SegmentState state) {
        return closeWhile(state, bucketStart -> true);
    }

    /**
     * Re-anchors the segment's references to the pin's period, widened to whole history granules.
     * Buckets of the period that have closed are taken from {@code history}; the rest are added as
     * they close, and the segment calibrates (raises no alerts) until the period has passed. Open
     * episodes are resolved, since the reference they were judged against is gone. A period wholly
     * in the past with no usable history is rejected and changes nothing. Either way the outcome is
     * recorded as an audit event.
     *
     * @param history the merged history granules of the period; empty ones where none was kept
     */
    public Output pin(final SegmentState state, final ReferencePin pin, final HistoryGranule history) {
        final long from = granuleStart(pin.from());
        final long to = granuleStart(pin.to() - 1) + settings.historyGranule().toMillis();
        final Emitter emitter = new Emitter(state.segmentKey, settings.lifecycle());
        final boolean usable = to > state.closedUntil
                || history.concepts.values().stream().anyMatch(ReferenceAccumulator::isEstimable)
                || history.shift != null && history.shift.isEstimable();
        if (usable) {
            resolveEpisodes(state, pin.requestedAt(), emitter);
            repin(state, from, to, history);
        }
        final Map<String, String> details = new LinkedHashMap<>();
        details.put("outcome", usable ? "applied" : "rejected: no history kept for a period that has passed");
        details.put("from", Instant.ofEpochMilli(from).toString());
        details.put("to", Instant.ofEpochMilli(to).toString());
        details.put("requested_by", pin.requestedBy());
        details.put("reason", pin.reason());
        details.put("replies_on_record", Long.toString(history.replies));
        final Finding audit = new Finding(REFERENCE_PIN, null, 0.0, 0.0, from, 0.0, 0.0, 0.0, history.replies,
                List.of(), List.of(), details);
        final String auditId = AlertLifecycle.alertId(audit.streamId(state.segmentKey) + "|" + from + "|" + to, pin.requestedAt());
        emitter.record(new AlertEvent(auditId, AlertState.AUDIT, from, pin.requestedAt(), 0.0, 0.0, 0), to, audit);
        return new Output(List.of(), emitter.alerts(), 0);
    }

    /** Start of the history granule holding the bucket that starts at {@code bucketStart}. */
    public long granuleStart(final long bucketStart) {
        final long granule = settings.historyGranule().toMillis();
        return Math.floorDiv(bucketStart, granule) * granule;
    }

    private void repin(final SegmentState state, final long from, final long to, final HistoryGranule history) {
        final Set<String> concepts = new TreeSet<>(state.concepts.keySet());
        concepts.addAll(history.concepts.keySet());
        for (final String concept : concepts) {
            final ConceptTrack track = new ConceptTrack(from, to);
            track.calibration = history.concept(concept);
            state.concepts.put(concept, track);
        }
        if (state.shift != null || history.shift != null) {
            state.shift = new ShiftTrack(from, to);
            state.shift.calibration = history.shift;
        }
    }

    private void resolveEpisodes(final SegmentState state, final long eventTime, final Emitter emitter) {
        final Map<String, String> why = Map.of("resolved_by", REFERENCE_PIN);
        state.concepts.forEach((concept, track) -> resolveConcept(concept, track, eventTime, emitter, why));
        if (state.shift != null) {
            state.shift.episode = emitter.resolve(state.shift.episode,
                    closing(UNEXPLAINED_SHIFT, null, state.shift.episode, why), eventTime);
        }
    }

    private static void resolveConcept(final String concept, final SegmentState.ConceptTrack track, final long eventTime,
                                       final Emitter emitter, final Map<String, String> why) {
        for (final Side side : Side.values()) {
            final SegmentState.SideTrack s = track.side(side);
            s.cusum = emitter.resolve(s.cusum, closing(side.detector(CUSUM), concept, s.cusum, why), eventTime);
            s.spike = emitter.resolve(s.spike, closing(side.detector(SPIKE), concept, s.spike, why), eventTime);
            s.slow = emitter.resolve(s.slow, closing(side.detector(SLOW), concept, s.slow, why), eventTime);
        }
    }

    private static Finding closing(final String detector, final String concept, final Episode episode, final Map<String, String> details) {
        final long start = episode == null ? 0 : episode.start();
        return new Finding(detector, concept, 0.0, 0.0, start, 0.0, 0.0, 0.0, 0, List.of(), List.of(), details);
    }

    private Output closeWhile(final SegmentState state, final LongPredicate closable) {
        final List<ClosedBucket> closed = new ArrayList<>();
        final Emitter emitter = new Emitter(state.segmentKey, settings.lifecycle());
        while (!state.openBuckets.isEmpty() && closable.test(state.openBuckets.firstKey())) {
            final Map.Entry<Long, OpenBucket> first = state.openBuckets.pollFirstEntry();
            final long start = first.getKey();
            final long end = start + bucketMillis();
            state.closedUntil = Math.max(state.closedUntil, end);
            closed.add(close(state, start, end, first.getValue(), emitter));
        }
        return closed.isEmpty() ? Output.empty() : new Output(List.copyOf(closed), emitter.alerts(), 0);
    }

    private ClosedBucket close(final SegmentState state, final long start, final long end, final OpenBucket bucket,
                               final Emitter emitter) {
        final List<ConceptBucket> concepts = new ArrayList<>();
        boolean calibrating = false;
        for (final String concept : new TreeSet<>(bucket.moments.keySet())) {
            final ConceptTrack track = state.concepts.computeIfAbsent(concept,
                    c -> new ConceptTrack(start, start + settings.referenceDuration().toMillis()));
            final ConceptBucket result = closeConcept(track, concept, start, end, bucket, emitter);
            calibrating |= result.reference() == null;
            concepts.add(result);
        }
        if (bucket.embedding != null) {
            calibrating |= !closeShift(state, start, end, bucket, emitter);
        }
        return new ClosedBucket(state.segmentKey, start, end, bucket.count, calibrating, List.copyOf(concepts), bucket.embedding);
    }

    private ConceptBucket closeConcept(final ConceptTrack track, final String concept, final long start, final long end,
                                       final OpenBucket bucket, final Emitter emitter) {
        if (track.reference == null && start >= track.calibrationEnd && track.calibration.isEstimable()) {
            final Reference reference = track.calibration.estimate();
            // Anchored: estimated once from the calibration period, then frozen. A reference without
            // spread cannot standardise anything, so calibration goes on until it has some.
            if (reference.variance() > 0) {
                track.reference = reference;
                track.tuning = DetectorTuning.of(reference, settings.detectorArl0(), settings.shifts(),
                        settings.slowHorizon().toMillis() / bucketMillis());
                conceptDetectors.arm(track);
            }
        }
        final Moments moments = bucket.moments.get(concept);
        if (track.reference != null) {
            return conceptDetectors.detect(track, concept, start, end, bucket, emitter);
        }
        if (start >= track.calibrationStart) {
            track.calibration = track.calibration.plus(moments);
        }
        return new ConceptBucket(concept, moments, null, null, null, null);
    }

    /** Returns whether the shift detector has a reference. */
    private boolean closeShift(final SegmentState state, final long start, final long end, final OpenBucket bucket,
                               final Emitter emitter) {
        if (state.shift == null) {
            state.shift = new ShiftTrack(start, start + settings.referenceDuration().toMillis());
        }
        final ShiftTrack track = state.shift;
        if (track.reference == null && start >= track.calibrationEnd && track.calibration != null && track.calibration.isEstimable()) {
            track.reference = track.calibration.estimate();
            track.threshold = track.reference.threshold(settings.shiftWindow().toMillis() / (double) bucketMillis() / settings.arl0Buckets());
            track.calibration = null;
        }
        if (track.reference != null) {
            shiftDetector.detect(track, start, end, bucket, emitter);
            return true;
        }
        if (start >= track.calibrationStart) {
            if (track.calibration == null) {
                track.calibration = ShiftAccumulator.empty(bucket.embedding.dimension());
            }
            track.calibration.add(bucket.embedding);
        }
        return false;
    }

    private long bucketStart(final long timestamp) {
        return Math.floorDiv(timestamp, bucketMillis()) * bucketMillis();
    }

    private long bucketMillis() {
        return settings.bucket().toMillis();
    }
}
