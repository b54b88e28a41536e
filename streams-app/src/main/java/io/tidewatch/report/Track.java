package io.tidewatch.report;

import io.tidewatch.avro.ConceptBucketStats;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.report.SvgChart.Point;
import io.tidewatch.report.SvgChart.Span;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/** The closed buckets of one (segment, concept) stream in time order: what one chart draws. */
record Track(SortedMap<String, String> segment, String concept, List<Track.Sample> samples) {

    /** One bucket of the stream. */
    record Sample(Instant start, Instant end, boolean calibrating, ConceptBucketStats stats) {

        /** Buckets are drawn at their middle, so a line point sits inside the time it summarises. */
        Instant mid() {
            return start.plusMillis((end.toEpochMilli() - start.toEpochMilli()) / 2);
        }
    }

    /** One track per (segment, concept), ordered by segment label then concept. */
    static List<Track> of(final List<SegmentStats> buckets) {
        // Keyed by map equality (not by printed label), so odd label values cannot merge two segments.
        final Map<Map<String, String>, Map<String, List<Sample>>> grouped = new HashMap<>();
        for (final SegmentStats bucket : buckets) {
            final Map<String, List<Sample>> concepts = grouped.computeIfAbsent(bucket.getSegment(), s -> new HashMap<>());
            for (final ConceptBucketStats c : bucket.getConcepts()) {
                concepts.computeIfAbsent(c.getConcept(), k -> new ArrayList<>()).add(
                        new Sample(bucket.getWindowStart(), bucket.getWindowEnd(), bucket.getCalibrating(), c));
            }
        }
        final List<Track> tracks = new ArrayList<>();
        grouped.forEach((segment, concepts) -> concepts.forEach((concept, samples) -> {
            samples.sort(Comparator.comparing(Sample::start));
            tracks.add(new Track(new TreeMap<>(segment), concept, List.copyOf(samples)));
        }));
        tracks.sort(Comparator.comparing((Track t) -> label(t.segment())).thenComparing(Track::concept));
        return tracks;
    }

    /** How a segment is printed: its labels, sorted, as label=value. */
    static String label(final Map<String, String> segment) {
        final StringBuilder b = new StringBuilder();
        new TreeMap<>(segment).forEach((k, v) -> b.append(b.isEmpty() ? "" : ", ").append(k).append('=').append(v));
        return b.isEmpty() ? "(all traffic)" : b.toString();
    }

    /**
     * One value per bucket, at the bucket's middle; null (e.g. while calibrating) and missing
     * buckets become gaps, so a line never bridges time with no data.
     */
    List<Point> series(final Function<ConceptBucketStats, Double> value) {
        final List<Point> points = new ArrayList<>();
        Instant previousEnd = null;
        for (final Sample s : samples) {
            if (previousEnd != null && s.start().isAfter(previousEnd)) {
                points.add(new Point(previousEnd, Double.NaN));
            }
            final Double v = value.apply(s.stats());
            points.add(new Point(s.mid(), v == null ? Double.NaN : v));
            previousEnd = s.end();
        }
        return points;
    }

    /** The stretches of calibrating buckets: no reference yet, so no band, CUSUM or alerts there. */
    List<Span> calibration() {
        final List<Span> spans = new ArrayList<>();
        Instant from = null;
        Instant to = null;
        for (final Sample s : samples) {
            if (s.calibrating() && from == null) {
                from = s.start();
            }
            if (s.calibrating()) {
                to = s.end();
            } else if (from != null) {
                spans.add(calibrating(from, to));
                from = null;
            }
        }
        if (from != null) {
            spans.add(calibrating(from, to));
        }
        return spans;
    }

    private static Span calibrating(final Instant from, final Instant to) {
        return new Span("calibrating", from, to, "calibrating",
                "reference calibrating from " + Html.time(from) + " to " + Html.time(to) + ": no detector yet");
    }

    /**
     * The mean the detector judged each bucket by: the prompt-adjusted mean where the reference
     * had a prompt line, the bucket mean elsewhere (and in stats written before it was kept).
     */
    static Double judgedMean(final ConceptBucketStats c) {
        return c.getJudgedMean() != null ? c.getJudgedMean() : c.getReferenceMean() == null ? null : Double.valueOf(c.getMean());
    }

    /** True when some bucket was judged by a prompt-adjusted mean other than its own mean. */
    boolean promptAdjusted() {
        return samples.stream().map(Sample::stats).anyMatch(c -> c.getJudgedMean() != null && c.getJudgedMean() != c.getMean());
    }

    /** The CUSUM as a fraction of its threshold (the alert opens at 1); null while calibrating. */
    static Double cusumShare(final ConceptBucketStats c) {
        return c.getCusum() == null || c.getThreshold() == null || !(c.getThreshold() > 0) ? null : c.getCusum() / c.getThreshold();
    }

    /** Reference mean ± 2 standard errors of the judged mean. */
    List<Point> band(final int side) {
        return series(c -> c.getReferenceMean() == null ? null : c.getReferenceMean() + side * 2 * standardError(c));
    }

    /** True when some bucket's band had to leave the between-bucket excess variance out. */
    boolean approximateBand() {
        return samples.stream().map(Sample::stats)
                .anyMatch(c -> c.getReferenceSpread() != null && !(recoveredStandardError(c) > 0));
    }

    /**
     * The standard error sqrt(σ²/n + τ²) the detector judged the bucket by. τ² is not in
     * SegmentStats, but z = (judged mean − μ) / that error is, so the error is (judged mean − μ) / z exactly
     * wherever z ≠ 0. Where it is not (a bucket right on the reference) σ/√n stands in, leaving τ²
     * out: that band is approximate, and narrower than the true one.
     */
    static double standardError(final ConceptBucketStats c) {
        final double recovered = recoveredStandardError(c);
        return recovered > 0 ? recovered : c.getReferenceSpread() / Math.sqrt(c.getCount());
    }

    private static double recoveredStandardError(final ConceptBucketStats c) {
        final Double z = c.getStandardized();
        if (z == null || z == 0 || c.getReferenceMean() == null) {
            return Double.NaN;
        }
        final double se = (judgedMean(c) - c.getReferenceMean()) / z;
        return Double.isFinite(se) ? se : Double.NaN;
    }
}
