package io.tidewatch.detect;

import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.detect.SegmentState.BucketSums;
import io.tidewatch.detect.SegmentState.ConceptTrack;
import io.tidewatch.detect.SegmentState.ShiftTrack;
import io.tidewatch.stats.EmbeddingHalves;
import io.tidewatch.stats.Moments;
import io.tidewatch.stats.PromptPairs;
import io.tidewatch.stats.Reference;
import io.tidewatch.stats.ReferenceAccumulator;
import io.tidewatch.stats.ShiftAccumulator;
import io.tidewatch.stats.TermSketch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongPredicate;
import java.util.function.Supplier;

/**
 * The detector of one segment, as a pure function of its {@link SegmentState} and the scored
 * replies fed to it. Replies are held in event-time buckets; a bucket closes once event time has
 * passed its end by the grace period, and only then are its replies summed, in a canonical order
 * (by conversation and turn), so that a closed bucket and everything judged from it depend on
 * which replies it holds, never on the order they arrived in. Each concept, and the mean
 * embedding, calibrate an anchored reference over their first {@code referenceDuration} of event
 * time (or a period an operator pins), then run their detectors on every closed bucket against
 * thresholds derived from the false-alarm budget.
 */
public final class SegmentMonitor {

    public static final String CUSUM = "cusum";
    public static final String SPIKE = "spike";
    public static final String SLOW = "slow";
    public static final String UNEXPLAINED_SHIFT = "unexplained-shift";
    public static final String REFERENCE_PIN = "reference-pin";
    /** Why an unexplained-shift episode closes when its track, written by an earlier version, starts a new calibration. */
    public static final String RECALIBRATION = "recalibration-after-upgrade";
    /** Why an unexplained-shift episode closes when replies arrive with embeddings of another length (another embedding model). */
    public static final String NEW_EMBEDDING = "recalibration-for-new-embedding";

    private final DetectionSettings settings;
    private final ConceptDetectors conceptDetectors;
    private final ShiftDetector shiftDetector;

    /**
     * @param conceptDirections unit direction of each known concept, to explain unexplained shifts
     */
    public SegmentMonitor(final DetectionSettings settings, final Map<String, float[]> conceptDirections) {
        this(settings, () -> conceptDirections);
    }

    /**
     * @param conceptDirections the unit direction of each concept known when a shift is judged (the
     *                          live catalog), to explain unexplained shifts; called from the stream
     *                          threads, so it must be safe to call from any
     */
    public SegmentMonitor(final DetectionSettings settings, final Supplier<Map<String, float[]>> conceptDirections) {
        this(settings, conceptDirections, null);
    }

    /**
     * @param conceptDirections as above
     * @param themes            the library that names unexplained shifts (never alerts), or null to name none
     */
    public SegmentMonitor(final DetectionSettings settings, final Supplier<Map<String, float[]>> conceptDirections, final ThemeLibrary themes) {
        this.settings = settings;
        this.conceptDetectors = new ConceptDetectors(settings);
        this.shiftDetector = new ShiftDetector(settings, conceptDirections, themes);
    }

    /** The order a bucket's replies are summed in: by identity, whatever order they arrived in. */
    static final Comparator<ScoredReply> CANONICAL = Comparator.comparing(ScoredReply::conversationId)
            .thenComparingInt(ScoredReply::turn).thenComparingLong(ScoredReply::timestamp);

    /** Drops a concept's track; its open alerts resolve, so that subscribers are not left with one that never closes. */
    private static void retire(final SegmentState state, final String concept, final long eventTime, final Emitter emitter) {
        final SegmentState.ConceptTrack track = state.concepts.remove(concept);
        if (track != null) {
            resolveConcept(concept, track, eventTime, emitter, Map.of("resolved_by", "concept-retired"));
        }
    }

    /**
     * Holds a reply in its open bucket until the bucket closes. A reply is late, counted and
     * otherwise ignored, when its bucket has closed or would have closed at {@code watermark}, the
     * event time its source had reached before it: judged so, lateness depends on the source's own
     * order alone, not on how sources interleave.
     */
    public MonitorOutput add(final SegmentState state, final ScoredReply reply, final long watermark) {
        final long start = bucketStart(reply.timestamp());
        if (start + bucketMillis() <= state.closedUntil || closes(start, watermark)) {
            state.lateReplies++;
            return new MonitorOutput(List.of(), List.of(), 1, List.of());
        }
        state.openBuckets.computeIfAbsent(start, s -> new ArrayList<>()).add(reply);
        return MonitorOutput.empty();
    }

    /**
     * Adds a reply and closes every bucket the segment's own event time leaves behind: for a
     * segment whose replies come from one source, in that source's order.
     */
    public MonitorOutput accept(final SegmentState state, final ScoredReply reply) {
        final MonitorOutput added = add(state, reply, state.watermark);
        if (added.lateReplies() > 0) {
            return added;
        }
        state.watermark = Math.max(state.watermark, reply.timestamp());
        return advanceTo(state, state.watermark);
    }

    /**
     * Closes a bucket given as sums (as when replaying stored or simulated buckets), after every
     * open bucket before it.
     *
     * @throws IllegalStateException if the bucket is not aligned, already open or already closed
     */
    public MonitorOutput acceptBucket(final SegmentState state, final long start, final BucketSums bucket) {
        if (start != bucketStart(start) || start < state.closedUntil || state.openBuckets.containsKey(start)) {
            throw new IllegalStateException("bucket at " + start + " is not aligned, already closed or already open");
        }
        state.watermark = Math.max(state.watermark, start + bucketMillis() - 1);
        final Closing closing = new Closing(state);
        closing.openBucketsWhile(bucketStart -> bucketStart < start);
        final Map<String, String> versions = new TreeMap<>();
        bucket.moments.keySet().forEach(concept -> versions.put(concept, ""));
        closing.bucket(start, bucket, versions);
        return closing.output();
    }

    /** Whether the bucket starting at {@code bucketStart} closes once event time reaches {@code eventTime}. */
    private boolean closes(final long bucketStart, final long eventTime) {
        return bucketStart + bucketMillis() + settings.grace().toMillis() <= eventTime;
    }

    /** Closes every bucket whose end lies a grace period or more before {@code eventTime}. */
    public MonitorOutput advanceTo(final SegmentState state, final long eventTime) {
        final Closing closing = new Closing(state);
        closing.openBucketsWhile(bucketStart -> closes(bucketStart, eventTime));
        return closing.output();
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
    public MonitorOutput pin(final SegmentState state, final PinRequest pin, final HistoryGranule history) {
        final long from = granuleStart(pin.from());
        final long to = granuleStart(pin.to() - 1) + settings.historyGranule().toMillis();
        final Emitter emitter = new Emitter(state, settings.lifecycle());
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
        final Finding audit = Finding.repinAudit(from, history.replies, details);
        final String auditId = AlertLifecycle.alertId(audit.streamId(state.segmentKey) + "|" + from + "|" + to, pin.requestedAt());
        emitter.record(new AlertEvent(auditId, LifecycleState.AUDIT, from, pin.requestedAt(), 0.0, 0.0, 0), to, audit);
        return new MonitorOutput(List.of(), emitter.alerts(), 0, List.of());
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
            track.calibrationPrompts = history.prompts.get(concept);
            state.concepts.put(concept, track);
        }
        if (state.shift != null || history.shift != null) {
            state.shift = new ShiftTrack(from, to);
            state.shift.calibration = history.shift;
            state.shift.referenceTerms = history.terms;
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
        return Finding.closing(detector, concept, episode == null ? 0 : episode.start(), details);
    }

    /** Buckets closed by one call, in event-time order, and what closing them produced. */
    private final class Closing {
        private final SegmentState state;
        private final Emitter emitter;
        private final List<ClosedBucket> closed = new ArrayList<>();
        private final List<String> retired = new ArrayList<>();

        Closing(final SegmentState state) {
            this.state = state;
            this.emitter = new Emitter(state, settings.lifecycle());
        }

        void openBucketsWhile(final LongPredicate closable) {
            while (!state.openBuckets.isEmpty() && closable.test(state.openBuckets.firstKey())) {
                final Map.Entry<Long, List<ScoredReply>> first = state.openBuckets.pollFirstEntry();
                final List<ScoredReply> replies = new ArrayList<>(first.getValue());
                replies.sort(CANONICAL);
                final Map<String, String> versions = bucketVersions(replies);
                // Retire before summing: a concept whose definition changed starts a new track with this bucket.
                retireChanged(first.getKey(), versions);
                bucket(first.getKey(), sum(replies, versions), versions);
            }
        }

        /** Closes one bucket; concepts none of its replies carried have left the catalog and retire. */
        void bucket(final long start, final BucketSums sums, final Map<String, String> versions) {
            final long end = start + bucketMillis();
            state.closedUntil = Math.max(state.closedUntil, end);
            closed.add(close(state, start, end, sums, emitter));
            final Set<String> tracked = new TreeSet<>(state.conceptVersions.keySet());
            tracked.addAll(state.concepts.keySet());
            for (final String concept : tracked) {
                if (!versions.containsKey(concept)) {
                    retire(state, concept, end, emitter);
                    state.conceptVersions.remove(concept);
                    retired.add(concept);
                }
            }
        }

        private void retireChanged(final long start, final Map<String, String> versions) {
            versions.forEach((concept, version) -> {
                final String tracked = state.conceptVersions.put(concept, version);
                if (tracked != null && !tracked.equals(version)) {
                    retire(state, concept, start, emitter);
                    retired.add(concept);
                }
            });
        }

        private BucketSums sum(final List<ScoredReply> replies, final Map<String, String> versions) {
            final BucketSums sums = new BucketSums();
            EmbeddingHalves embeddings = null;
            for (final ScoredReply reply : replies) {
                sums.add(reply, versions, settings.exemplars(), settings.lowerSide());
                if (reply.embedding().length > 0) {
                    if (embeddings == null) {
                        embeddings = new EmbeddingHalves(reply.embedding().length);
                    } else if (embeddings.dimension() != reply.embedding().length) {
                        // A bucket that straddles a switch of embedding model: its first reply's length wins, and the next bucket starts the new model's calibration.
                        continue;
                    }
                    embeddings.add(reply.embedding(), ShiftDetector.halfA(reply));
                    shiftDetector.exemplar(state.shift, sums, reply);
                    if (sums.terms == null) {
                        sums.terms = new TermSketch();
                    }
                    sums.terms.add(reply.terms());
                }
            }
            sums.embedding = embeddings == null ? null : embeddings.sums();
            return sums;
        }

        MonitorOutput output() {
            return closed.isEmpty() && retired.isEmpty() ? MonitorOutput.empty()
                    : new MonitorOutput(List.copyOf(closed), emitter.alerts(), 0, List.copyOf(retired));
        }
    }

    /**
     * The version of each concept a bucket is judged in: the one most of its replies were scored
     * with (ties go to the greater version string), so that a catalog update reaching instances at
     * slightly different times changes a concept once, not back and forth.
     */
    private static Map<String, String> bucketVersions(final List<ScoredReply> replies) {
        // Replies scored with one catalog share one versions map (the detect stage interns them), and a reply's
        // map names exactly its scored concepts: count replies by map, then each map's concepts once.
        final Map<Map<String, String>, Integer> byVersionMap = new IdentityHashMap<>();
        for (final ScoredReply reply : replies) {
            byVersionMap.merge(reply.versions(), 1, Integer::sum);
        }
        final Map<String, Map<String, Integer>> counts = new TreeMap<>();
        byVersionMap.forEach((versions, replyCount) -> versions.forEach((concept, version) ->
                counts.computeIfAbsent(concept, c -> new TreeMap<>()).merge(version, replyCount, Integer::sum)));
        final Map<String, String> versions = new TreeMap<>();
        counts.forEach((concept, byVersion) -> versions.put(concept, byVersion.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .orElseThrow().getKey()));
        return versions;
    }

    private ClosedBucket close(final SegmentState state, final long start, final long end, final BucketSums bucket,
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
        Double shiftSize = null;
        if (bucket.embedding != null) {
            final ShiftTrack shift = closeShift(state, start, bucket, emitter);
            calibrating |= shift.reference == null;
            if (shift.reference != null) {
                shiftSize = shiftDetector.detect(shift, start, end, bucket, emitter);
            }
        }
        return new ClosedBucket(state.segmentKey, start, end, bucket.count, calibrating, List.copyOf(concepts), bucket.embedding,
                shiftSize, bucket.terms);
    }

    private ConceptBucket closeConcept(final ConceptTrack track, final String concept, final long start, final long end,
                                       final BucketSums bucket, final Emitter emitter) {
        if (track.reference == null && start >= track.calibrationEnd && track.calibration.isEstimable()) {
            final Reference reference = track.calibration.estimate(track.calibrationPrompts);
            // Anchored: estimated once from the calibration period, then frozen. A reference without
            // spread cannot standardise anything, so calibration goes on until it has some.
            if (reference.variance() > 0) {
                track.reference = reference;
                track.referencePrompts = track.calibrationPrompts;
                track.tuning = DetectorTuning.of(reference, settings.detectorArl0(), settings.shifts(),
                        settings.slowHorizon().toMillis() / bucketMillis());
                conceptDetectors.arm(track);
            }
        }
        final Moments moments = bucket.moments.get(concept);
        if (track.reference != null) {
            return conceptDetectors.detect(track, concept, start, end, bucket, emitter);
        }
        final PromptPairs prompts = bucket.prompts(concept);
        if (start >= track.calibrationStart) {
            track.calibration = track.calibration.plus(moments, prompts, start);
            track.calibrationPrompts = prompts.merge(track.calibrationPrompts);
        }
        return new ConceptBucket(concept, moments, null, null, null, null, prompts);
    }

    /**
     * Calibrates the segment's shift track with the bucket, or freezes its reference once
     * calibrated; returns the track. A track written by a version before the full-embedding test
     * cannot be judged by it, nor one built from embeddings of another length than the bucket's
     * (the embedding model changed), so either starts a new calibration period here (its open
     * episode ends).
     */
    private ShiftTrack closeShift(final SegmentState state, final long start, final BucketSums bucket, final Emitter emitter) {
        final String recalibration = state.shift == null ? null : !state.shift.isCurrent() ? RECALIBRATION
                : state.shift.dimension() != bucket.embedding.dimension() && state.shift.dimension() > 0 ? NEW_EMBEDDING : null;
        if (recalibration != null) {
            state.shift.episode = emitter.resolve(state.shift.episode,
                    closing(UNEXPLAINED_SHIFT, null, state.shift.episode, Map.of("resolved_by", recalibration)), start);
            state.shift = null;
        }
        if (state.shift == null) {
            state.shift = new ShiftTrack(start, start + settings.referenceDuration().toMillis());
        }
        final ShiftTrack track = state.shift;
        if (track.reference == null && start >= track.calibrationEnd && track.calibration != null && track.calibration.isEstimable()) {
            track.reference = track.calibration.estimate();
            track.calibration = null;
        }
        if (track.reference == null && start >= track.calibrationStart) {
            if (track.calibration == null) {
                track.calibration = ShiftAccumulator.empty(bucket.embedding.dimension());
            }
            track.calibration.add(bucket.embedding, start);
            if (track.referenceTerms == null) {
                track.referenceTerms = new TermSketch();
            }
            if (bucket.terms != null) {
                track.referenceTerms.merge(bucket.terms);
            }
        }
        return track;
    }

    /** Event time at which the segment's earliest open bucket closes; {@code Long.MAX_VALUE} if none is open. */
    public long firstClose(final SegmentState state) {
        return state.openBuckets.isEmpty() ? Long.MAX_VALUE
                : state.openBuckets.firstKey() + bucketMillis() + settings.grace().toMillis();
    }

    /** Start of the bucket holding {@code timestamp}. */
    public long bucketStart(final long timestamp) {
        return Math.floorDiv(timestamp, bucketMillis()) * bucketMillis();
    }

    private long bucketMillis() {
        return settings.bucket().toMillis();
    }
}
