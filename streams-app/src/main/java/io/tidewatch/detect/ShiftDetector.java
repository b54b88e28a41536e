package io.tidewatch.detect;

import io.tidewatch.detect.SegmentMonitor.Exemplar;
import io.tidewatch.detect.SegmentMonitor.ScoredReply;
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

/**
 * The unexplained-shift detector of a segment: each window's mean embedding minus the reference
 * mean embedding is a direction the traffic moved in; Hotelling's T² tests its size against the
 * reference's noise, whatever the direction. A finding reports how much each known concept
 * explains (cosine with its direction) and the replies that project most on the shift.
 */
final class ShiftDetector {

    private final SegmentMonitor.Settings settings;
    private final Map<String, double[]> conceptDirections;

    ShiftDetector(final SegmentMonitor.Settings settings, final Map<String, double[]> conceptDirections) {
        this.settings = settings;
        // Sorted by concept id, so that explanations and their rounding do not depend on map order.
        this.conceptDirections = new TreeMap<>(conceptDirections);
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
                    List.of(new Exemplar(reply.conversationId(), reply.turn(), reply.excerpt(), score)), settings.exemplars(), SegmentState.BY_SCORE);
        }
    }

    /** Adds a closed bucket to the current window; judges the window once the bucket completes it. */
    void detect(final ShiftTrack track, final long start, final long end, final BucketSums bucket, final Emitter emitter) {
        final long length = settings.shiftWindow().toMillis();
        if (track.window != null && start >= track.window.start + length) {
            judge(track, track.window.start + length, emitter);
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
            judge(track, end, emitter);
        }
    }

    private void judge(final ShiftTrack track, final long eventTime, final Emitter emitter) {
        final ShiftWindow window = track.window;
        final ShiftReference reference = track.reference;
        final double[] shift = reference.shift(window.sums);
        final double length = Vectors.norm(shift);
        final Finding finding = new Finding(SegmentMonitor.UNEXPLAINED_SHIFT, null,
                reference.statistic(window.sums, window.sumSquaredCounts), track.threshold, window.start, length, 0.0,
                length / reference.perReplySpread(), window.sums.count, window.exemplars, explanations(shift),
                Map.of("explained_share", String.format(Locale.ROOT, "%.3f", explainedShare(shift)),
                        "sketch_dimensions", Integer.toString(reference.dimensions())));
        track.episode = emitter.step(track.episode, finding, eventTime);
        track.previousShiftSum = Vectors.scaled(shift, window.sums.count);
        track.window = null;
        track.direction = direction(track);
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

    /** Cosine of the shift with each concept direction of the same dimension, largest magnitude first. */
    private List<Explanation> explanations(final double[] shift) {
        final double norm = Vectors.norm(shift);
        final List<Explanation> explanations = new ArrayList<>();
        conceptDirections.forEach((concept, direction) -> {
            if (direction.length == shift.length && norm > 0) {
                explanations.add(new Explanation(concept, Vectors.dot(shift, direction) / (norm * Vectors.norm(direction))));
            }
        });
        explanations.sort(Comparator.comparingDouble((Explanation e) -> -Math.abs(e.cosine())).thenComparing(Explanation::concept));
        return explanations;
    }

    /** Share of the shift's squared length that lies in the span of the concept directions. */
    private double explainedShare(final double[] shift) {
        final double total = Vectors.dot(shift, shift);
        if (total == 0) {
            return 0.0;
        }
        // Gram–Schmidt: project onto an orthonormal basis of the concept directions.
        final List<double[]> basis = new ArrayList<>();
        double explained = 0;
        for (final double[] direction : conceptDirections.values().stream().filter(d -> d.length == shift.length).toList()) {
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
