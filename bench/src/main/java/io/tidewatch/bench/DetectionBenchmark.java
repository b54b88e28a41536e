package io.tidewatch.bench;

import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.LifecycleState;
import io.tidewatch.detect.ScoredReply;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.detect.Side;
import io.tidewatch.stats.ScoreModel;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.LongToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Runs the real {@link SegmentMonitor} on synthetic streams whose truth is known: how often it
 * alarms when nothing changes, and how soon it alarms after a change. Every stream has its own
 * seeded generator, so results do not depend on how streams are spread over threads.
 */
public final class DetectionBenchmark {

    static final String CONCEPT = "synthetic";
    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    /** Changes begin after a random number of buckets below this, so they fall at every phase of the slow horizon. */
    private static final int CHANGE_PHASES = 1440;

    private final ScoreModel model;
    private final long seed;

    public DetectionBenchmark(final ScoreModel model, final long seed) {
        this.model = model;
        this.seed = seed;
    }

    /**
     * OPEN events per detector on streams that never change.
     *
     * @param streamDays days of event time watched after calibration, summed over streams
     */
    public record FalseAlarms(long streamDays, Map<String, Long> opens) {

        public long total() {
            return opens.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * Detection delays of many runs of one change.
     *
     * @param replies        replies from the change to the first upper-side OPEN, per detected run
     * @param shifts         the per-reply shift, in spreads, when each run alarmed
     * @param firstDetector  how often each detector was the first to alarm
     * @param missed         runs with no alarm within the run's limit
     * @param earlyAlarms    false alarms before the change
     */
    public record Delays(List<Long> replies, List<Double> shifts, Map<String, Long> firstDetector, int missed, int earlyAlarms) {

        public double medianReplies() {
            return median(replies.stream().mapToDouble(Long::doubleValue).sorted().toArray());
        }

        public double medianShift() {
            return median(shifts.stream().mapToDouble(Double::doubleValue).sorted().toArray());
        }

        private static double median(final double[] sorted) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            final int mid = sorted.length / 2;
            return sorted.length % 2 == 1 ? sorted[mid] : 0.5 * (sorted[mid - 1] + sorted[mid]);
        }
    }

    /** Watches {@code streams} unchanging streams for {@code days} after calibration. */
    public FalseAlarms falseAlarms(final DetectionSettings settings, final int streams, final int days) {
        final long buckets = Duration.ofDays(days).toMillis() / settings.bucket().toMillis();
        final Map<String, Long> opens = IntStream.range(0, streams).parallel()
                .mapToObj(i -> opensOf(settings, seed + i, buckets))
                .flatMap(List::stream)
                .collect(Collectors.groupingBy(name -> name, TreeMap::new, Collectors.counting()));
        return new FalseAlarms((long) streams * days, opens);
    }

    /**
     * Runs {@code runs} streams that calibrate, go on unchanged for a random time, then shift by
     * {@code shiftAt(b)} spreads in their b-th bucket after the change; measures the first OPEN.
     *
     * @param limit buckets after the change after which a run counts as missed
     */
    public Delays delays(final DetectionSettings settings, final LongToDoubleFunction shiftAt, final int runs, final long limit) {
        final List<Run> results = IntStream.range(0, runs).parallel()
                .mapToObj(i -> run(settings, seed + 1_000_003L * (i + 1), shiftAt, limit)).toList();
        final List<Long> replies = new ArrayList<>();
        final List<Double> shifts = new ArrayList<>();
        final Map<String, Long> first = new TreeMap<>();
        int missed = 0;
        int early = 0;
        for (final Run r : results) {
            early += r.earlyAlarms;
            if (r.detector == null) {
                missed++;
            } else {
                replies.add(r.replies);
                shifts.add(r.shift);
                first.merge(r.detector, 1L, Long::sum);
            }
        }
        return new Delays(replies, shifts, first, missed, early);
    }

    /**
     * OPEN events of the unexplained-shift detector on {@code streams} embedding streams that
     * never change, watched for {@code days} after calibration.
     */
    public FalseAlarms shiftFalseAlarms(final DetectionSettings settings, final EmbeddingModel embeddings,
                                        final int streams, final int days) {
        final long buckets = (settings.referenceDuration().plusDays(days).toMillis()) / settings.bucket().toMillis();
        final long opens = IntStream.range(0, streams).parallel()
                .mapToLong(i -> shiftOpensOf(settings, embeddings, seed + i, buckets)).sum();
        return new FalseAlarms((long) streams * days, opens == 0 ? Map.of() : Map.of(SegmentMonitor.UNEXPLAINED_SHIFT, opens));
    }

    private static long shiftOpensOf(final DetectionSettings settings, final EmbeddingModel embeddings,
                                     final long streamSeed, final long buckets) {
        final SegmentMonitor monitor = new SegmentMonitor(settings, Map.of());
        final SegmentState state = new SegmentState("model=synthetic");
        final SplittableRandom random = new SplittableRandom(streamSeed);
        final long bucketMillis = settings.bucket().toMillis();
        long opens = 0;
        for (long b = 0; b <= buckets; b++) {
            final float[][] replies = embeddings.bucket(random);
            for (int i = 0; i < replies.length; i++) {
                final long at = START + b * bucketMillis + i * bucketMillis / replies.length;
                opens += monitor.accept(state, new ScoredReply("s" + streamSeed + "-" + b + "-" + i, 0, at,
                        Map.of(), null, replies[i])).alerts().stream().filter(a -> a.event().state() == LifecycleState.OPEN).count();
            }
        }
        return opens;
    }

    private record Run(String detector, long replies, double shift, int earlyAlarms) {
    }

    private List<String> opensOf(final DetectionSettings settings, final long streamSeed, final long buckets) {
        final Stream stream = new Stream(settings, streamSeed);
        stream.calibrate();
        final List<String> opens = new ArrayList<>();
        for (long b = 0; b < buckets; b++) {
            opens.addAll(stream.next(0.0));
        }
        return opens;
    }

    private Run run(final DetectionSettings settings, final long runSeed, final LongToDoubleFunction shiftAt, final long limit) {
        final Stream stream = new Stream(settings, runSeed);
        stream.calibrate();
        int early = 0;
        for (int b = stream.random.nextInt(CHANGE_PHASES); b > 0; b--) {
            early += stream.next(0.0).size();
        }
        for (long b = 0; b < limit; b++) {
            final double shift = shiftAt.applyAsDouble(b);
            final List<String> opens = stream.next(shift).stream().filter(d -> !d.endsWith(Side.LOWER.detector(""))).toList();
            if (!opens.isEmpty()) {
                return new Run(opens.get(0), (b + 1) * model.repliesPerBucket(), shift, early);
            }
        }
        return new Run(null, 0, 0, early);
    }

    /** One synthetic stream fed bucket by bucket to a monitor. */
    private final class Stream {
        final SegmentMonitor monitor;
        final SegmentState state = new SegmentState("model=synthetic");
        final SplittableRandom random;
        final DetectionSettings settings;
        long bucket;
        /** The last bucket's effect, which the next one's follows when the model's effects persist. */
        double effect;

        Stream(final DetectionSettings settings, final long streamSeed) {
            this.settings = settings;
            this.monitor = new SegmentMonitor(settings, Map.of());
            this.random = new SplittableRandom(streamSeed);
        }

        void calibrate() {
            for (long b = settings.referenceDuration().toMillis() / settings.bucket().toMillis(); b > 0; b--) {
                next(0.0);
            }
        }

        /** Feeds one bucket shifted by {@code shift} spreads; returns the detectors that opened an episode. */
        List<String> next(final double shift) {
            final long start = START + bucket++ * settings.bucket().toMillis();
            effect = model.nextEffect(random, effect);
            final SegmentState.BucketSums sums = SegmentState.BucketSums.of(model.repliesPerBucket(),
                    Map.of(CONCEPT, model.bucket(random, shift * model.spread(), effect)));
            return monitor.acceptBucket(state, start, sums).alerts().stream()
                    .filter(a -> a.event().state() == LifecycleState.OPEN)
                    .map(a -> a.finding().detector()).toList();
        }
    }
}
