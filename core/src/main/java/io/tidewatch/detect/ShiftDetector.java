package io.tidewatch.detect;

import io.tidewatch.detect.SegmentState.BucketSums;
import io.tidewatch.detect.SegmentState.ShiftTrack;
import io.tidewatch.detect.SegmentState.ShiftWindow;
import io.tidewatch.stats.ShiftReference;
import io.tidewatch.stats.Vectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The unexplained-shift detector of a segment: each window's mean embedding minus the reference
 * mean embedding is a direction the traffic moved in; Hotelling's T² tests its size against the
 * reference's noise, whatever the direction. A finding names the known concepts that explain a
 * part of the shift worth naming (cosine with their direction), how much all of them explain
 * together, and the replies that project most on the shift.
 */
final class ShiftDetector {

    /**
     * Least share of the shift's squared length (cosine²) a concept must explain to be named: 5%,
     * a cosine of ±0.22. A direction unrelated to the shift has a cosine of about ±1/√d with it (±0.05
     * for d = 384), so naming it would say something false.
     */
    static final double EXPLAINS = 0.05;

    private final DetectionSettings settings;
    private final Supplier<Map<String, float[]>> conceptDirections;

    ShiftDetector(final DetectionSettings settings, final Supplier<Map<String, float[]>> conceptDirections) {
        this.settings = settings;
        this.conceptDirections = conceptDirections;
    }

    /**
     * Once there is a shift direction, keeps a reply as an exemplar candidate of its bucket,
     * scored by its projection on the direction as it was when the bucket closed.
     */
    void exemplar(final ShiftTrack track, final BucketSums bucket, final ScoredReply reply) {
        if (track != null && track.direction != null) {
            final float[] embedding = reply.embedding();
            final double score = Vectors.dot(toDouble(embedding), track.direction) - Vectors.dot(track.reference.meanEmbedding(), track.direction);
            bucket.shiftTop = SegmentState.mergeTop(bucket.shiftTop,
                    List.of(new ReplyExemplar(reply.conversationId(), reply.turn(), reply.excerpt(), score)), settings.exemplars(), SegmentState.BY_SCORE);
        }
    }

    /**
     * Adds a closed bucket to the current window; judges the window once the bucket completes it.
     *
     * @return the standardised size of the last window this judged ({@link ShiftReference#standardizedSize}), or null if none
     */
    Double detect(final ShiftTrack track, final long start, final long end, final BucketSums bucket, final Emitter emitter) {
        final long length = settings.shiftWindow().toMillis();
        Double judged = null;
        if (track.window != null && start >= track.window.start + length) {
            judged = judge(track, track.window.start + length, emitter);
        }
        if (track.window == null) {
            track.window = new ShiftWindow(Math.floorDiv(start, length) * length, bucket.embedding.dimension());
        }
        final ShiftWindow window = track.window;
        window.sums.merge(bucket.embedding);
        window.sumSquaredCounts += (double) bucket.embedding.count * bucket.embedding.count;
        window.exemplars = SegmentState.mergeTop(window.exemplars, bucket.shiftTop, settings.exemplars(), SegmentState.BY_SCORE);
        track.direction = direction(track);
        if (end >= window.start + length) {
            judged = judge(track, end, emitter);
        }
        return judged;
    }

    private double judge(final ShiftTrack track, final long eventTime, final Emitter emitter) {
        final ShiftWindow window = track.window;
        final ShiftReference reference = track.reference;
        final double[] shift = reference.shift(window.sums);
        final double length = Vectors.norm(shift);
        final double statistic = reference.statistic(window.sums, window.sumSquaredCounts);
        final Map<String, double[]> directions = directions(shift.length);
        final Finding finding = new Finding(SegmentMonitor.UNEXPLAINED_SHIFT, null, statistic, track.threshold, window.start,
                length, 0.0, length / reference.perReplySpread(), window.sums.count, window.exemplars, explanations(shift, directions),
                Map.of("explained_share", String.format(Locale.ROOT, "%.3f", explainedShare(shift, directions)),
                        "sketch_dimensions", Integer.toString(reference.dimensions())));
        track.episode = emitter.step(track.episode, finding, eventTime);
        track.previousShiftSum = Vectors.scaled(shift, window.sums.count);
        track.window = null;
        track.direction = direction(track);
        return reference.standardizedSize(statistic);
    }

    /**
     * The unit directions of the concepts known now that fit embeddings of {@code dimension},
     * sorted by concept id so that explanations and their rounding do not depend on map order.
     */
    private Map<String, double[]> directions(final int dimension) {
        final Map<String, double[]> directions = new TreeMap<>();
        conceptDirections.get().forEach((concept, direction) -> {
            if (direction.length == dimension) {
                final double[] unit = toDouble(direction);
                final double norm = Vectors.norm(unit);
                if (norm > 0) {
                    directions.put(concept, Vectors.scaled(unit, 1.0 / norm));
                }
            }
        });
        return directions;
    }

    /** Unit direction of the previous window's shift plus the current window's so far; null if none. */
    private static double[] direction(final ShiftTrack track) {
        final double[] sum = track.previousShiftSum == null
                ? new double[track.reference.meanEmbedding().length] : track.previousShiftSum.clone();
        if (track.window != null) {
            // Σ(e − ē_R) over the window so far = Σe − n·ē_R.
            Vectors.addTo(sum, track.window.sums.sum, 1.0);
            Vectors.addTo(sum, track.reference.meanEmbedding(), -track.window.sums.count);
        }
        final double norm = Vectors.norm(sum);
        return norm > 0 ? Vectors.scaled(sum, 1.0 / norm) : null;
    }

    /**
     * Cosine of the shift with each concept direction that explains at least {@link #EXPLAINS} of
     * it, largest magnitude first.
     */
    private static List<Explanation> explanations(final double[] shift, final Map<String, double[]> directions) {
        final double norm = Vectors.norm(shift);
        final List<Explanation> explanations = new ArrayList<>();
        if (norm > 0) {
            directions.forEach((concept, direction) -> {
                final double cosine = Vectors.dot(shift, direction) / norm;
                if (cosine * cosine >= EXPLAINS) {
                    explanations.add(new Explanation(concept, cosine));
                }
            });
        }
        explanations.sort(Comparator.comparingDouble((Explanation e) -> -Math.abs(e.cosine())).thenComparing(Explanation::concept));
        return explanations;
    }

    /** Share of the shift's squared length that lies in the span of the concept directions. */
    private static double explainedShare(final double[] shift, final Map<String, double[]> directions) {
        final double total = Vectors.dot(shift, shift);
        if (total == 0) {
            return 0.0;
        }
        // Gram–Schmidt: project onto an orthonormal basis of the concept directions.
        final List<double[]> basis = new ArrayList<>();
        double explained = 0;
        for (final double[] direction : directions.values()) {
            final double[] residual = direction.clone();
            for (final double[] unit : basis) {
                Vectors.addTo(residual, unit, -Vectors.dot(residual, unit));
            }
            final double norm = Vectors.norm(residual);
            if (norm > 1e-9) {
                final double[] unit = Vectors.scaled(residual, 1.0 / norm);
                basis.add(unit);
                final double projection = Vectors.dot(shift, unit);
                explained += projection * projection;
            }
        }
        return explained / total;
    }

    /**
     * Which half of its bucket a reply belongs to, by a hash of its identity, so that the split is
     * the same whatever order replies arrive in.
     */
    static boolean halfA(final ScoredReply reply) {
        int h = 31 * reply.conversationId().hashCode() + reply.turn();
        // Murmur3's finaliser mixes every bit of the hash into the lowest one.
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return (h & 1) == 0;
    }

    private static double[] toDouble(final float[] v) {
        final double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }
}
