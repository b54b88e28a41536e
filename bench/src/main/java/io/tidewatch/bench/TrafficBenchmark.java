package io.tidewatch.bench;

import io.tidewatch.demo.CorpusTraffic.Pool;
import io.tidewatch.demo.CorpusTraffic;
import io.tidewatch.demo.TopicCorpus;
import io.tidewatch.demo.TrafficSimulator.Profile;
import io.tidewatch.demo.TrafficSimulator;
import io.tidewatch.describe.ThemeLibrary;
import io.tidewatch.detect.Alert;
import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.LifecycleState;
import io.tidewatch.detect.ScoredReply;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.stats.Moments;
import io.tidewatch.stats.PromptAttribution;
import io.tidewatch.stats.PromptLine;
import io.tidewatch.stats.PromptPairs;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The detectors as shipped on the traffic simulator's text ({@link TrafficSimulator}) scored by
 * the real model: false alarms when the model never changes but the traffic does what real
 * traffic does (daily and weekly cycles, heavy conversations, tenant bursts, topic surges), and
 * how soon a real drift is found on such traffic next to steady traffic.
 */
public final class TrafficBenchmark {

    /** A Monday; each run starts at a seeded hour of the week after it. */
    static final Instant WEEK = Instant.parse("2026-01-05T00:00:00Z");
    static final List<String> MODELS = List.of("model-a", "model-b", "model-c");
    static final String DRIFTING = MODELS.get(0);
    static final double PER_HOUR = 240;
    static final Duration MONTH = Duration.ofDays(30);

    private final DetectionSettings settings;
    private final Map<String, float[]> directions;
    private final ThemeLibrary themes;
    private final Map<String, Pool> pools;
    private final Map<String, Integer> sizes;

    /** @param pools every corpus of {@link TopicCorpus#TOPICS}, scored */
    public TrafficBenchmark(final DetectionSettings settings, final Map<String, float[]> directions, final ThemeLibrary themes,
                            final Map<String, Pool> pools) {
        this.settings = settings;
        this.directions = Map.copyOf(directions);
        this.themes = themes;
        this.pools = Map.copyOf(pools);
        this.sizes = pools.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().texts().size()));
    }

    /**
     * Alerts opened on traffic whose model never changed: by detector kind, which concepts, the
     * cause the concept alerts named ({@link PromptAttribution}; "none" without one), and the
     * incidents they made (what pages, with routing by incident), and the day of the week (UTC)
     * each unexplained-shift alert opened on.
     */
    public record FalseAlarms(long segmentDays, long concept, long unexplained, Map<String, Long> byConcept, Map<String, Long> byCause,
                              long incidents, Map<DayOfWeek, Long> unexplainedByDay) {

        long total() {
            return concept + unexplained;
        }
    }

    /**
     * {@code months} runs of 30 days, each starting at a seeded hour of the week, every model a
     * segment of {@code profile} (given the run's start); counts the alerts opened.
     */
    public FalseAlarms falseAlarms(final BiFunction<Instant, SplittableRandom, Profile> profile, final int months, final long seed) {
        final List<List<Alert>> runs = IntStream.range(0, months).parallel().mapToObj(run -> {
            final SplittableRandom random = new SplittableRandom(seed * 1_000_003L + run);
            final Instant start = WEEK.plus(Duration.ofMinutes(random.nextInt(7 * 24 * 60)));
            final List<TrafficSimulator.Turn> turns = new TrafficSimulator(profile.apply(start, random), sizes)
                    .turns(start, MONTH, random.nextLong());
            final List<Alert> opened = new ArrayList<>();
            for (final String model : MODELS) {
                opened.addAll(opened(CorpusTraffic.replies(turns, model, pools), model, Long.MIN_VALUE));
            }
            return opened;
        }).toList();
        final List<Alert> all = runs.stream().flatMap(List::stream).toList();
        final long unexplained = all.stream().filter(a -> a.finding().detector().equals(SegmentMonitor.UNEXPLAINED_SHIFT)).count();
        final List<Alert> concepts = all.stream().filter(a -> !a.finding().detector().equals(SegmentMonitor.UNEXPLAINED_SHIFT)).toList();
        return new FalseAlarms((long) months * MODELS.size() * MONTH.toDays(), all.size() - unexplained, unexplained,
                concepts.stream().collect(Collectors.groupingBy(a -> a.finding().concept(), TreeMap::new, Collectors.counting())),
                byCause(concepts), runs.stream().mapToLong(TrafficBenchmark::incidents).sum(),
                all.stream().filter(a -> a.finding().detector().equals(SegmentMonitor.UNEXPLAINED_SHIFT))
                        .collect(Collectors.groupingBy(a -> Instant.ofEpochMilli(a.event().eventTime()).atZone(ZoneOffset.UTC).getDayOfWeek(),
                                () -> new EnumMap<>(DayOfWeek.class), Collectors.counting())));
    }

    /**
     * Median hours from the drift's start to the first alert on {@code concept}, the runs that
     * found none in time, and the causes those first alerts named.
     */
    public record Delays(double medianHours, int missed, Map<String, Long> byCause, double alertsPerRun, double incidentsPerRun) {
    }

    /** Incidents opened by {@code opened}: one per incident id (a run's segments never share one). */
    private static long incidents(final List<Alert> opened) {
        return opened.stream().map(a -> a.incident().id()).distinct().count();
    }

    /** How many of the alerts named each cause; "none" for those without one. */
    static Map<String, Long> byCause(final List<Alert> alerts) {
        return alerts.stream().collect(Collectors.groupingBy(a -> a.finding().details().getOrDefault(PromptAttribution.CAUSE, "none"),
                TreeMap::new, Collectors.counting()));
    }

    /**
     * {@code runs} runs of {@link #DRIFTING} alone on {@code profile}, with {@code drift} from a
     * seeded hour of the day after the reference on; the hours until an alert on {@code concept}
     * opens, up to {@code limit}.
     */
    public Delays delays(final Profile profile, final double share, final Duration ramp, final String concept, final int runs,
                         final Duration limit, final long seed) {
        final List<DriftRun> done = IntStream.range(0, runs).parallel().mapToObj(run -> {
            final SplittableRandom random = new SplittableRandom(seed * 1_000_003L + run);
            final Instant start = WEEK.plus(Duration.ofMinutes(random.nextInt(7 * 24 * 60)));
            final Instant driftFrom = start.plus(settings.referenceDuration()).plus(Duration.ofMinutes(random.nextInt(24 * 60)));
            final Profile drifting = profile.withModels(List.of(DRIFTING)).withDrift(new TrafficSimulator.Drift(DRIFTING, driftFrom, ramp, share));
            final Duration length = Duration.between(start, driftFrom).plus(limit);
            final List<TrafficSimulator.Turn> turns = new TrafficSimulator(drifting, sizes).turns(start, length, random.nextLong());
            return new DriftRun(driftFrom.toEpochMilli(), opened(CorpusTraffic.replies(turns, DRIFTING, pools), DRIFTING, driftFrom.toEpochMilli()));
        }).toList();
        // The first alert on the concept, and its delay in hours.
        final List<Optional<Map.Entry<Alert, Double>>> firsts = done.stream().map(r -> r.opened().stream()
                .filter(a -> concept.equals(a.finding().concept())).findFirst()
                .map(a -> Map.entry(a, (a.event().eventTime() - r.driftFrom()) / 3.6e6))).toList();
        final double[] hours = firsts.stream().mapToDouble(f -> f.map(Map.Entry::getValue).orElse(Double.POSITIVE_INFINITY)).sorted().toArray();
        final double median = runs % 2 == 1 ? hours[runs / 2] : 0.5 * (hours[runs / 2 - 1] + hours[runs / 2]);
        return new Delays(median, (int) Arrays.stream(hours).filter(Double::isInfinite).count(),
                byCause(firsts.stream().flatMap(Optional::stream).map(Map.Entry::getKey).toList()),
                done.stream().mapToInt(r -> r.opened().size()).average().orElse(0),
                done.stream().mapToLong(r -> incidents(r.opened())).average().orElse(0));
    }

    /** One drift run: when the drift began, and every alert that opened from then on. */
    private record DriftRun(long driftFrom, List<Alert> opened) {
    }

    /**
     * How far each topic's replies score from the everyday mix on {@code concept}, raw and
     * prompt-adjusted, in spreads of each: the line ({@link PromptLine}) is fitted on the
     * {@code everyday} topics' pairs pooled, as a reference of that mix would fit it, and applied
     * to every topic in {@code topics}.
     *
     * @return per topic, {raw offset, adjusted offset}
     */
    public Map<String, double[]> topicOffsets(final String concept, final List<String> everyday, final List<String> topics) {
        PromptPairs mix = PromptPairs.empty();
        for (final String topic : everyday) {
            mix = mix.merge(pairs(concept, topic));
        }
        final PromptLine line = PromptLine.of(mix);
        final Moments raw = new Moments(mix.count(), mix.sumReply(), mix.sumReplySquares());
        final Moments adjustedMix = line.adjust(raw, mix);
        final Map<String, double[]> offsets = new LinkedHashMap<>();
        for (final String topic : topics) {
            final PromptPairs pairs = pairs(concept, topic);
            final Moments replies = new Moments(pairs.count(), pairs.sumReply(), pairs.sumReplySquares());
            offsets.put(topic, new double[] {(replies.mean() - raw.mean()) / Math.sqrt(raw.variance()),
                (line.adjust(replies, pairs).mean() - adjustedMix.mean()) / Math.sqrt(adjustedMix.variance())});
        }
        return offsets;
    }

    private PromptPairs pairs(final String concept, final String topic) {
        final Pool pool = pools.get(topic);
        PromptPairs pairs = PromptPairs.empty();
        for (int i = 0; i < pool.texts().size(); i++) {
            pairs = pairs.plus(pool.prompts().get(i).get(concept), pool.scored().get(i).scores().get(concept));
        }
        return pairs;
    }

    /** The alerts that open on one segment's replies, from {@code from} on (event time). */
    private List<Alert> opened(final List<ScoredReply> replies, final String model, final long from) {
        final SegmentMonitor monitor = new SegmentMonitor(settings, () -> directions, themes);
        final SegmentState state = new SegmentState("model=" + model);
        final List<Alert> opened = new ArrayList<>();
        for (final ScoredReply reply : replies) {
            for (final Alert alert : monitor.accept(state, reply).alerts()) {
                if (alert.event().state() == LifecycleState.OPEN && alert.event().eventTime() >= from) {
                    opened.add(alert);
                }
            }
        }
        return opened;
    }
}
