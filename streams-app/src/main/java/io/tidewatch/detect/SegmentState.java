package io.tidewatch.detect;

import io.tidewatch.detect.SegmentMonitor.Exemplar;
import io.tidewatch.detect.SegmentMonitor.ScoredReply;
import io.tidewatch.stats.Moments;
import io.tidewatch.stats.Reference;
import io.tidewatch.stats.ReferenceAccumulator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything the detector remembers about one segment. Plain mutable fields so that the state
 * store can serialise it field by field; {@link SegmentMonitor} is the only writer.
 */
public final class SegmentState {

    /** Highest score first; ties broken by id so that results do not depend on arrival order. */
    static final Comparator<Exemplar> BY_SCORE = Comparator.comparingDouble(Exemplar::score).reversed()
            .thenComparing(Exemplar::conversationId).thenComparingInt(Exemplar::turn);

    public String segmentKey;
    /** Largest event time seen. */
    public long watermark = Long.MIN_VALUE;
    /** Every bucket ending at or before this instant is closed; later replies for them are late. */
    public long closedUntil = Long.MIN_VALUE;
    public long lateReplies;
    public TreeMap<Long, OpenBucket> openBuckets = new TreeMap<>();
    public Map<String, ConceptTrack> concepts = new HashMap<>();
    /** Version of each concept's definition that the segment's statistics were computed with. */
    public Map<String, String> conceptVersions = new HashMap<>();
    /** Event time of the latest reply scored on each concept. */
    public Map<String, Long> conceptLastSeen = new HashMap<>();

    public SegmentState() {
    }

    public SegmentState(final String segmentKey) {
        this.segmentKey = segmentKey;
    }

    /** Sums of one bucket that has not closed yet. */
    public static final class OpenBucket {
        public long count;
        public Map<String, Moments> moments = new HashMap<>();
        public Map<String, List<Exemplar>> top = new HashMap<>();

        void add(final ScoredReply reply, final int keep) {
            count++;
            for (final Map.Entry<String, Double> score : reply.scores().entrySet()) {
                final String concept = score.getKey();
                moments.merge(concept, Moments.empty().plus(score.getValue()), Moments::merge);
                final Exemplar exemplar = new Exemplar(reply.conversationId(), reply.turn(), reply.excerpt(), score.getValue());
                top.put(concept, mergeTop(top.getOrDefault(concept, List.of()), List.of(exemplar), keep));
            }
        }

        /** Drops a concept's share of the bucket: its definition changed or it left the catalog. */
        void forget(final String concept) {
            moments.remove(concept);
            top.remove(concept);
        }

        List<Exemplar> top(final String concept) {
            return top.getOrDefault(concept, List.of());
        }
    }

    /** One concept's calibration, reference and CUSUM within the segment. */
    public static final class ConceptTrack {
        public long calibrationStart;
        public ReferenceAccumulator calibration = ReferenceAccumulator.empty();
        public Reference reference;
        public double cusum;
        /** Start of the current CUSUM run (the change-point estimate), null while the CUSUM is zero. */
        public Long runStart;
        public Moments run = Moments.empty();
        public List<Exemplar> runTop = List.of();
        public Episode episode;

        public ConceptTrack() {
        }

        ConceptTrack(final long calibrationStart) {
            this.calibrationStart = calibrationStart;
        }
    }

    /** The {@code keep} highest-scoring of both lists. */
    static List<Exemplar> mergeTop(final List<Exemplar> a, final List<Exemplar> b, final int keep) {
        final List<Exemplar> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        all.sort(BY_SCORE);
        return List.copyOf(all.subList(0, Math.min(keep, all.size())));
    }
}
