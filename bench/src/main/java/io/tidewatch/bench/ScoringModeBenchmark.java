package io.tidewatch.bench;

import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.demo.CorpusTraffic.Pool;
import io.tidewatch.demo.CorpusTraffic;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.detect.Alert;
import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.Finding;
import io.tidewatch.detect.LifecycleState;
import io.tidewatch.detect.ScoredReply;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * What each scoring mode lets the detectors see on real text: how far a leaning reply moves a
 * concept's score, and how soon a few percent of such replies in a segment's traffic are caught.
 */
public final class ScoringModeBenchmark {

    private static final long START = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final int PER_MINUTE = 20;

    private final DetectionSettings settings;
    private final Map<String, float[]> directions;
    private final ThemeLibrary themes;

    /** @param themes the library that names unexplained shifts, as the app loads it */
    public ScoringModeBenchmark(final DetectionSettings settings, final Map<String, float[]> directions, final ThemeLibrary themes) {
        this.settings = settings;
        this.directions = Map.copyOf(directions);
        this.themes = themes;
    }

    public DetectionSettings settings() {
        return settings;
    }

    /** The concepts' directions, by id, as the detect stage gets them from the catalog. */
    public Map<String, float[]> directions() {
        return directions;
    }

    /**
     * Median delay in minutes over all runs, a missed run counting as later than any detection
     * (infinite if at least half were missed), the runs not detected within the limit, and the
     * detections.
     */
    public record Delays(double medianMinutes, int missed, List<Detection> detections) {
    }

    /**
     * The finding that opened a run's alert, and the first verification verdict its episode got
     * (null if none came within {@link #VERDICT_WAIT} of the opening, or the detector gives none).
     */
    public record Detection(long minutes, Finding opening, String verdict) {
    }

    /** How long a run goes on after its alert opened, waiting for a verdict on later replies. */
    static final Duration VERDICT_WAIT = Duration.ofHours(3);

    /**
     * Shifts of {@code concept}'s score, in per-reply spreads of the ordinary pool, of the mix
     * replies that have at least {@code minSentences} sentences, sorted.
     */
    public static double[] shifts(final Pool ordinary, final Pool mix, final String concept, final int minSentences) {
        final double[] base = ordinary.scored().stream().mapToDouble(s -> s.scores().get(concept)).toArray();
        final double mean = Arrays.stream(base).average().orElseThrow();
        final double spread = Math.sqrt(Arrays.stream(base).map(x -> (x - mean) * (x - mean)).sum() / (base.length - 1));
        return IntStream.range(0, mix.texts().size())
                .filter(i -> ReplyScorer.sentences(mix.texts().get(i)).size() >= minSentences)
                .mapToDouble(i -> (mix.scored().get(i).scores().get(concept) - mean) / spread).sorted().toArray();
    }

    /**
     * Runs {@code runs} segments that calibrate for the reference duration and then mix in
     * {@code share} of {@code mix}; measures the minutes until a finding that {@code caught} accepts opens.
     */
    public Delays delays(final Pool ordinary, final Pool mix, final double share, final Predicate<Finding> caught,
                         final int runs, final Duration limit) {
        final List<Optional<Detection>> found = IntStream.range(0, runs).parallel()
                .mapToObj(seed -> firstOpen(ordinary, mix, share, caught, limit, seed)).toList();
        final double[] minutes = found.stream()
                .mapToDouble(d -> d.isPresent() ? d.get().minutes() : Double.POSITIVE_INFINITY).sorted().toArray();
        final double median = runs % 2 == 1 ? minutes[runs / 2] : 0.5 * (minutes[runs / 2 - 1] + minutes[runs / 2]);
        return new Delays(median, (int) Arrays.stream(minutes).filter(Double::isInfinite).count(),
                found.stream().flatMap(Optional::stream).toList());
    }

    private Optional<Detection> firstOpen(final Pool ordinary, final Pool mix, final double share, final Predicate<Finding> caught,
                                          final Duration limit, final long seed) {
        final SegmentMonitor monitor = new SegmentMonitor(settings, () -> directions, themes);
        final SegmentState state = new SegmentState("model=bench");
        final long mixFrom = START + settings.referenceDuration().toMillis();
        Alert opening = null;
        for (final ScoredReply reply : CorpusTraffic.segment(ordinary, mix, share, START,
                settings.referenceDuration().plus(limit).plus(VERDICT_WAIT), settings.referenceDuration(), PER_MINUTE, seed)) {
            if (opening == null && reply.timestamp() >= mixFrom + limit.toMillis()) {
                return Optional.empty();
            }
            if (opening != null && reply.timestamp() >= opening.event().eventTime() + VERDICT_WAIT.toMillis()) {
                break;
            }
            for (final Alert alert : monitor.accept(state, reply).alerts()) {
                if (opening == null && alert.event().state() == LifecycleState.OPEN && caught.test(alert.finding())) {
                    opening = alert;
                } else if (opening != null && alert.event().alertId().equals(opening.event().alertId())
                        && alert.finding().naming() != null && alert.finding().naming().verification() != null) {
                    return Optional.of(new Detection((opening.event().eventTime() - mixFrom) / 60_000L, opening.finding(),
                            alert.finding().naming().verification()));
                }
            }
        }
        return opening == null ? Optional.empty()
                : Optional.of(new Detection((opening.event().eventTime() - mixFrom) / 60_000L, opening.finding(), null));
    }

    /** The value of a sorted array below which a share {@code q} of its values lie. */
    public static double quantile(final double[] sorted, final double q) {
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }

    /** Concept findings of one concept, by any concept detector. */
    public static Predicate<Finding> concept(final String id) {
        return f -> id.equals(f.concept());
    }

    /** Unexplained-shift findings. */
    public static Predicate<Finding> unexplained() {
        return f -> f.detector().equals(SegmentMonitor.UNEXPLAINED_SHIFT);
    }
}
