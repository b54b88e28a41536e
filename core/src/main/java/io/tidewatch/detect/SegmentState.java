package io.tidewatch.detect;

import io.tidewatch.describe.Passage;
import io.tidewatch.stats.EmbeddingSums;
import io.tidewatch.stats.Moments;
import io.tidewatch.stats.PromptPairs;
import io.tidewatch.stats.Reference;
import io.tidewatch.stats.ReferenceAccumulator;
import io.tidewatch.stats.ShiftAccumulator;
import io.tidewatch.stats.ShiftReference;
import io.tidewatch.stats.TermSketch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything the detector remembers about one segment. Plain mutable fields so that the state
 * store can serialise it field by field; {@link SegmentMonitor} is the only writer.
 *
 * <p>The replies of open buckets are held apart from the rest ({@code transient}): they change on
 * every reply, the rest only when a bucket closes, so a store keeps them as one small record per
 * reply instead of rewriting the whole state each time.
 */
public final class SegmentState {

    /** Highest score first; ties broken by id so that results do not depend on arrival order. */
    static final Comparator<ReplyExemplar> BY_SCORE = Comparator.comparingDouble(ReplyExemplar::score).reversed()
            .thenComparing(ReplyExemplar::conversationId).thenComparingInt(ReplyExemplar::turn);
    /** Lowest score first, for the lower side; ties broken by id. */
    static final Comparator<ReplyExemplar> BY_LOW_SCORE = Comparator.comparingDouble(ReplyExemplar::score)
            .thenComparing(ReplyExemplar::conversationId).thenComparingInt(ReplyExemplar::turn);

    public String segmentKey;
    /** Largest event time {@link SegmentMonitor#accept} has seen. */
    public long watermark = Long.MIN_VALUE;
    /** Every bucket ending at or before this instant is closed; later replies for them are late. */
    public long closedUntil = Long.MIN_VALUE;
    public long lateReplies;
    /** Replies of each bucket that has not closed yet, by bucket start, in arrival order. */
    public transient TreeMap<Long, List<ScoredReply>> openBuckets = new TreeMap<>();
    public Map<String, ConceptTrack> concepts = new HashMap<>();
    /** The unexplained-shift detector; null until a reply carries an embedding. */
    public ShiftTrack shift;
    /** The segment's open incident; null when none is open (and in state written before incidents). */
    public IncidentTrack incident;
    /** Version of each concept's definition that the segment's statistics were computed with. */
    public Map<String, String> conceptVersions = new HashMap<>();

    public SegmentState() {
    }

    public SegmentState(final String segmentKey) {
        this.segmentKey = segmentKey;
    }

    /** Sums of one bucket's replies, computed when it closes. */
    public static final class BucketSums {
        public long count;
        public Map<String, Moments> moments = new HashMap<>();
        public Map<String, List<ReplyExemplar>> highest = new HashMap<>();
        /** Lowest-scoring replies per concept; kept only when the lower side is watched. */
        public Map<String, List<ReplyExemplar>> lowest = new HashMap<>();
        /** Null while no reply of the bucket carried an embedding. */
        public EmbeddingSums embedding;
        /** Replies projecting most on the shift direction at the time they arrived. */
        public List<ReplyExemplar> shiftTop = List.of();
        /** The terms of the replies that carried an embedding; null while none did. */
        public TermSketch terms;
        /** Per concept, the prompt and reply scores of the replies whose prompt was scored. */
        public Map<String, PromptPairs> prompts = new HashMap<>();

        /** A bucket with these concept sums and no exemplars, as a simulation or stored sums provide. */
        public static BucketSums of(final long count, final Map<String, Moments> moments) {
            final BucketSums bucket = new BucketSums();
            bucket.count = count;
            bucket.moments.putAll(moments);
            return bucket;
        }

        /**
         * Adds one reply's scores on each concept it was scored with in the bucket's version of
         * that concept; {@code keep} exemplars are kept per concept and side.
         */
        void add(final ScoredReply reply, final Map<String, String> versions, final int keep, final boolean lowerSide) {
            count++;
            for (final Map.Entry<String, Double> score : reply.scores().entrySet()) {
                final String concept = score.getKey();
                if (!reply.version(concept).equals(versions.get(concept))) {
                    continue;
                }
                moments.merge(concept, Moments.empty().plus(score.getValue()), Moments::merge);
                final Double prompt = reply.prompts().get(concept);
                if (prompt != null) {
                    prompts.merge(concept, PromptPairs.empty().plus(prompt, score.getValue()), PromptPairs::merge);
                }
                final ReplyExemplar whole = new ReplyExemplar(reply.conversationId(), reply.turn(), reply.excerpt(), score.getValue());
                final Passage scoring = reply.passageOf(concept);
                final List<ReplyExemplar> one = List.of(scoring == null ? whole : whole.showing(scoring));
                highest.put(concept, mergeTop(highest.getOrDefault(concept, List.of()), one, keep, BY_SCORE));
                if (lowerSide) {
                    lowest.put(concept, mergeTop(lowest.getOrDefault(concept, List.of()), one, keep, BY_LOW_SCORE));
                }
            }
        }

        /** The prompt pairs of one concept's replies; empty when no prompt was scored. */
        PromptPairs prompts(final String concept) {
            return prompts.getOrDefault(concept, PromptPairs.empty());
        }

        /** The bucket's strongest exemplars of one concept on one side. */
        List<ReplyExemplar> exemplars(final String concept, final Side side) {
            return (side == Side.UPPER ? highest : lowest).getOrDefault(concept, List.of());
        }
    }

    /** One concept's calibration, reference and detectors within the segment. */
    public static final class ConceptTrack {
        /** Calibration period [start, end) in event time. */
        public long calibrationStart;
        public long calibrationEnd;
        public ReferenceAccumulator calibration = ReferenceAccumulator.empty();
        public Reference reference;
        public DetectorTuning tuning;
        public SideTrack upper = new SideTrack();
        public SideTrack lower = new SideTrack();
        /** The slow detector's current horizon block; null between blocks. */
        public HorizonBlock horizon;
        /** Prompt pairs of the calibration period, beside {@link #calibration}; null in state written before prompts were scored. */
        public PromptPairs calibrationPrompts;
        /** Prompt pairs of the reference's period, frozen with it: the line that says what prompts predict; null when none. */
        public PromptPairs referencePrompts;

        public ConceptTrack() {
        }

        ConceptTrack(final long calibrationStart, final long calibrationEnd) {
            this.calibrationStart = calibrationStart;
            this.calibrationEnd = calibrationEnd;
        }

        SideTrack side(final Side side) {
            return side == Side.UPPER ? upper : lower;
        }
    }

    /** The detectors of one side of one concept: the CUSUM bank, the spike and the slow horizon. */
    public static final class SideTrack {
        /** One run per member of the tuning's CUSUM bank. */
        public List<CusumRun> bank = new ArrayList<>();
        public Episode cusum;
        public Episode spike;
        public Episode slow;
    }

    /**
     * One CUSUM's statistic and its current run: the buckets since the statistic last left zero,
     * which is the CUSUM's estimate of when the change began.
     *
     * @param start start of the run, or null while the statistic is zero
     */
    public record CusumRun(double statistic, Long start, Moments evidence, List<ReplyExemplar> exemplars, PromptPairs prompts) {

        /** Runs stored before prompts were scored have none. */
        public CusumRun {
            prompts = prompts == null ? PromptPairs.empty() : prompts;
        }

        static CusumRun idle() {
            return new CusumRun(0.0, null, Moments.empty(), List.of(), PromptPairs.empty());
        }
    }

    /** Sums of the current block of the slow horizon. */
    public static final class HorizonBlock {
        public long start;
        public Moments moments = Moments.empty();
        public double sumSquaredCounts;
        public List<ReplyExemplar> highest = List.of();
        public List<ReplyExemplar> lowest = List.of();
        public PromptPairs prompts = PromptPairs.empty();

        public HorizonBlock() {
        }

        HorizonBlock(final long start) {
            this.start = start;
        }
    }

    /** The unexplained-shift detector of the segment. */
    public static final class ShiftTrack {
        public long calibrationStart;
        public long calibrationEnd;
        public ShiftAccumulator calibration;
        public ShiftReference reference;
        /** The current window; null between windows. */
        public ShiftWindow window;
        /** The completed windows before the current one, oldest first: as many as the longest horizon needs. */
        public List<ShiftWindow> recent = new ArrayList<>();
        /** Unit direction replies are scored against as they arrive; null until there is one. */
        public double[] direction;
        public Episode episode;
        /** The check of the open episode's direction on later replies; null when no episode is open. */
        public ShiftVerification verification;
        /**
         * The terms of the calibration period's replies, frozen with the reference; null in a track
         * whose reference was frozen by a version that did not count terms (its findings name none).
         */
        public TermSketch referenceTerms;

        public ShiftTrack() {
        }

        ShiftTrack(final long calibrationStart, final long calibrationEnd) {
            this.calibrationStart = calibrationStart;
            this.calibrationEnd = calibrationEnd;
        }

        /** Length of the embeddings the track was built from; 0 before its first calibration bucket. */
        int dimension() {
            return reference != null ? reference.meanEmbedding().length : calibration != null ? calibration.total.dimension() : 0;
        }

        /** Whether this was written by a version with the full-embedding test; an older track is replaced by a new calibration. */
        boolean isCurrent() {
            return reference != null ? reference.isCurrent() : calibration == null || calibration.isCurrent();
        }
    }

    /** Sums of the current window of the unexplained-shift detector. */
    public static final class ShiftWindow {
        public long start;
        public EmbeddingSums sums;
        public double sumSquaredCounts;
        public List<ReplyExemplar> exemplars = List.of();
        public TermSketch terms = new TermSketch();

        public ShiftWindow() {
        }

        ShiftWindow(final long start, final int dimension) {
            this.start = start;
            this.sums = EmbeddingSums.empty(dimension);
        }
    }

    /**
     * Projections on a frozen shift direction of the buckets that close after it was found, one
     * bucket one cluster: n is the bucket's replies, p its mean embedding's projection minus the
     * reference's.
     */
    public static final class ShiftVerification {
        /** Unit direction of the shift when the episode opened. */
        public double[] direction;
        /** Buckets starting at or after this instant count: the first after the evidence the direction was built from. */
        public long since;
        public long buckets;
        public long replies;
        public double sumProjections;
        public double sumProjectionSquares;
        /** Σn·p. */
        public double sumWeighted;
        /** Σn². */
        public double sumWeightSquares;
        /** Σn²·p. */
        public double sumWeightSquaredProjections;
        /** Σn²·p². */
        public double sumWeightSquaredProjectionSquares;
        /** Whether the verdict last reported to subscribers was "confirmed"; null before the first. */
        public Boolean reported;

        public ShiftVerification() {
        }

        ShiftVerification(final double[] direction, final long since) {
            this.direction = direction;
            this.since = since;
        }
    }

    /**
     * The {@code keep} first of both lists in {@code order}, each excerpt once (the first in order
     * stands for its copies: a reply repeated word for word, or boilerplate, is one piece of
     * evidence to read); {@code a} is such a list already (a result of this method). Merging is
     * associative: the top distinct excerpts of a union are among the top distinct ones of its parts.
     */
    static List<ReplyExemplar> mergeTop(final List<ReplyExemplar> a, final List<ReplyExemplar> b, final int keep,
                                   final Comparator<ReplyExemplar> order) {
        // Once a holds its full top list, most single candidates (one per reply) do not get in; the
        // stable sort below would put a tie after a's own, so a tie does not get in either.
        if (b.size() == 1 && a.size() == keep && keep > 0 && order.compare(b.get(0), a.get(keep - 1)) >= 0) {
            return a;
        }
        final List<ReplyExemplar> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        all.sort(order);
        final List<ReplyExemplar> top = new ArrayList<>(Math.min(keep, all.size()));
        final Set<String> excerpts = new HashSet<>();
        for (int i = 0; i < all.size() && top.size() < keep; i++) {
            final ReplyExemplar candidate = all.get(i);
            if (candidate.excerpt() == null || excerpts.add(candidate.excerpt())) {
                top.add(candidate);
            }
        }
        return List.copyOf(top);
    }
}
