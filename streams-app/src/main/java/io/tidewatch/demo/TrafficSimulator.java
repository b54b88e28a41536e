package io.tidewatch.demo;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chat traffic as it arrives at a real deployment, made of the project's topic corpora
 * ({@link TopicCorpus}): volume and topic mix follow the day and the week, conversations run for
 * several turns and a few for hundreds, tenants send bursts, the news brings surges of one topic,
 * and drifts (a step, a ramp, a faint share) can be injected on top. It decides which corpus pair
 * each turn draws, and when; {@link CorpusTraffic} turns that into scored replies and
 * {@code TrafficCommand} into records. The same profile and seed always give the same traffic.
 *
 * <p>The rhythms are the ones the issue describing this simulator measured on real assistant
 * traffic, in shape rather than in exact numbers: work topics in working hours, personal ones at
 * night, less traffic on weekends with more leisure in it. Times are UTC.
 */
public final class TrafficSimulator {

    /** Where a turn's text comes from. */
    public enum Source {
        /** the topic's own corpus: the model as it always was */
        ORDINARY,
        /** a surge topic's corpus: the users changed, the model did not */
        SURGE,
        /** the drift corpus: the model changed */
        DRIFT
    }

    /**
     * One simulated assistant turn: when, in which conversation, for which model and tenant, and
     * which pair of which corpus it draws ({@code topic} is the corpus name).
     */
    public record Turn(long timestamp, String conversationId, int turn, String model, String tenant, String topic, int pair,
                       Source source) {
    }

    /**
     * A topic's share of new conversations: {@code weight} on average, swinging by
     * {@code amplitude} (0..1) around it with a daily peak at {@code peakHour}, and multiplied by
     * {@code weekend} on Saturdays and Sundays.
     */
    public record Rhythm(String topic, double weight, double amplitude, int peakHour, double weekend) {
    }

    /** The topics of {@link TopicCorpus#TOPICS} and how they move through the day and the week. */
    public static final List<Rhythm> RHYTHMS = List.of(
            new Rhythm("code", 0.30, 0.8, 14, 0.4),
            new Rhythm("work", 0.20, 0.8, 11, 0.3),
            new Rhythm("health", 0.10, 0.5, 8, 1.2),
            new Rhythm("home", 0.15, 0.6, 19, 1.5),
            new Rhythm("personal", 0.12, 0.8, 1, 1.3),
            new Rhythm("leisure", 0.13, 0.6, 20, 2.0));

    /** For {@code length} from {@code start}, a share {@code share} of {@code model}'s new conversations (every model's if null) are about {@code topic}. */
    public record Surge(String topic, String model, Instant start, Duration length, double share) {
    }

    /**
     * From {@code start}, a share of {@code model}'s replies come from the drift corpus: growing
     * linearly to {@code share} over {@code ramp} (zero for a step), then staying there.
     */
    public record Drift(String model, Instant start, Duration ramp, double share) {

        double shareAt(final long time) {
            final long since = time - start.toEpochMilli();
            if (since < 0) {
                return 0;
            }
            return ramp.isZero() ? share : share * Math.min(1.0, (double) since / ramp.toMillis());
        }
    }

    /**
     * What the traffic looks like.
     *
     * @param models              one segment each; each gets {@code repliesPerHour} on average over a week
     * @param dailyAmplitude      volume swings by this share (0..1) around its mean, peaking at 14:00
     * @param weekendVolume       volume on Saturdays and Sundays relative to weekdays
     * @param topicCycles         whether the topic mix follows {@link #RHYTHMS} through the day and week; if not, every topic keeps its mean weight
     * @param meanTurns           turns of an ordinary conversation on average (geometric; 1 makes every conversation one turn)
     * @param heavyShare          share of conversations that are heavy: 100 to 400 turns, a turn a minute or so
     * @param burstsPerWeek       tenant bursts: one tenant sends 300 one-turn conversations on one topic within 20 minutes
     * @param tenants             tenants, with Zipf-distributed shares of the conversations
     */
    public record Profile(List<String> models, double repliesPerHour, double dailyAmplitude, double weekendVolume, boolean topicCycles,
                          double meanTurns, double heavyShare, double burstsPerWeek, int tenants, List<Surge> surges, List<Drift> drifts) {

        public Profile {
            models = List.copyOf(models);
            surges = List.copyOf(surges);
            drifts = List.copyOf(drifts);
            if (models.isEmpty() || !(repliesPerHour > 0) || dailyAmplitude < 0 || dailyAmplitude > 1 || !(weekendVolume > 0)
                    || !(meanTurns >= 1) || heavyShare < 0 || heavyShare >= 1 || burstsPerWeek < 0 || tenants < 1) {
                throw new IllegalArgumentException("not a traffic profile: " + this);
            }
        }

        /**
         * A constant rate and topic mix, conversations of {@link #MEAN_TURNS} turns on average; with
         * {@link #withMeanTurns withMeanTurns(1)}, independent draws: the traffic the detectors' own model assumes.
         */
        public static Profile steady(final List<String> models, final double repliesPerHour) {
            return new Profile(models, repliesPerHour, 0, 1, false, MEAN_TURNS, 0, 0, 20, List.of(), List.of());
        }

        /** Daily and weekly cycles in volume and topic mix, heavy conversations and tenant bursts. */
        public static Profile realistic(final List<String> models, final double repliesPerHour) {
            return new Profile(models, repliesPerHour, 0.6, 0.6, true, MEAN_TURNS, 0.001, 2, 20, List.of(), List.of());
        }

        /** The same traffic for {@code models} only. */
        public Profile withModels(final List<String> models) {
            return new Profile(models, repliesPerHour, dailyAmplitude, weekendVolume, topicCycles, meanTurns, heavyShare, burstsPerWeek, tenants,
                    surges, drifts);
        }

        /** The same traffic with every ordinary conversation {@code meanTurns} turns long on average. */
        public Profile withMeanTurns(final double meanTurns) {
            return new Profile(models, repliesPerHour, dailyAmplitude, weekendVolume, topicCycles, meanTurns, heavyShare, burstsPerWeek, tenants,
                    surges, drifts);
        }

        public Profile withSurge(final Surge surge) {
            final List<Surge> more = new ArrayList<>(surges);
            more.add(surge);
            return new Profile(models, repliesPerHour, dailyAmplitude, weekendVolume, topicCycles, meanTurns, heavyShare, burstsPerWeek, tenants,
                    more, drifts);
        }

        public Profile withDrift(final Drift drift) {
            final List<Drift> more = new ArrayList<>(drifts);
            more.add(drift);
            return new Profile(models, repliesPerHour, dailyAmplitude, weekendVolume, topicCycles, meanTurns, heavyShare, burstsPerWeek, tenants,
                    surges, more);
        }
    }

    private static final int PEAK_HOUR = 14;
    /** Turns of an ordinary conversation on average, in both shipped profiles. */
    public static final double MEAN_TURNS = 3;
    private static final double MEAN_GAP_SECONDS = 90;
    private static final double HEAVY_GAP_SECONDS = 60;
    private static final int BURST_CONVERSATIONS = 300;
    private static final Duration BURST_LENGTH = Duration.ofMinutes(20);

    private final Profile profile;
    private final Map<String, Integer> corpusSizes;

    /** @param corpusSizes pairs in each corpus: every topic of {@link #RHYTHMS}, every surge topic and {@link TopicCorpus#DRIFT} */
    public TrafficSimulator(final Profile profile, final Map<String, Integer> corpusSizes) {
        this.profile = profile;
        this.corpusSizes = Map.copyOf(corpusSizes);
        final List<String> needed = new ArrayList<>(RHYTHMS.stream().map(Rhythm::topic).toList());
        profile.surges().forEach(s -> needed.add(s.topic()));
        needed.add(TopicCorpus.DRIFT);
        for (final String topic : needed) {
            if (corpusSizes.getOrDefault(topic, 0) < 1) {
                throw new IllegalArgumentException("no pairs for topic '" + topic + "' (have " + corpusSizes.keySet() + ")");
            }
        }
    }

    /** Every turn from {@code start} for {@code length}, in event-time order. */
    public List<Turn> turns(final Instant start, final Duration length, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final long from = start.toEpochMilli();
        final long until = from + length.toMillis();
        final List<Turn> turns = new ArrayList<>();
        final double meanTurns = (1 - profile.heavyShare()) * profile.meanTurns() + profile.heavyShare() * 250;
        // Conversations start as a Poisson process thinned from the peak rate.
        final double peakVolume = (1 + profile.dailyAmplitude()) * Math.max(1, profile.weekendVolume()) / volumeNormaliser();
        final double peakPerMs = profile.models().size() * profile.repliesPerHour() * peakVolume / meanTurns / 3_600_000.0;
        long conversations = 0;
        for (double t = from + exponential(random, peakPerMs); t < until; t += exponential(random, peakPerMs)) {
            final long at = (long) t;
            if (random.nextDouble() < volume(at) / peakVolume) {
                conversation(turns, random, "sim-" + conversations++, at, until);
            }
        }
        final double weeks = length.toMillis() / (double) Duration.ofDays(7).toMillis();
        final long bursts = poisson(random, profile.burstsPerWeek() * weeks);
        for (long b = 0; b < bursts; b++) {
            burst(turns, random, "burst-" + b, from + (long) (random.nextDouble() * length.toMillis()), until);
        }
        turns.sort(Comparator.comparingLong(Turn::timestamp).thenComparing(Turn::conversationId).thenComparingInt(Turn::turn));
        return turns;
    }

    private void conversation(final List<Turn> turns, final SplittableRandom random, final String id, final long start, final long until) {
        final String model = profile.models().get(random.nextInt(profile.models().size()));
        final String tenant = tenant(random);
        final Surge surge = surgeAt(model, start);
        final boolean surging = surge != null && random.nextDouble() < surge.share();
        final String topic = surging ? surge.topic() : topicAt(start, random);
        final boolean heavy = random.nextDouble() < profile.heavyShare();
        final int length = heavy ? 100 + random.nextInt(301) : 1 + geometric(random, 1 / profile.meanTurns());
        long at = start;
        for (int turn = 0; turn < length && at < until; turn++) {
            turns.add(turn(random, id, turn, model, tenant, topic, surging ? Source.SURGE : Source.ORDINARY, at));
            at += (long) (1000 * exponential(random, 1 / (heavy ? HEAVY_GAP_SECONDS : MEAN_GAP_SECONDS)));
        }
    }

    private void burst(final List<Turn> turns, final SplittableRandom random, final String id, final long start, final long until) {
        final String model = profile.models().get(random.nextInt(profile.models().size()));
        final String tenant = "tenant-burst-" + random.nextInt(profile.tenants());
        final String topic = RHYTHMS.get(random.nextInt(RHYTHMS.size())).topic();
        for (int c = 0; c < BURST_CONVERSATIONS; c++) {
            final long at = start + (long) (random.nextDouble() * BURST_LENGTH.toMillis());
            if (at < until) {
                turns.add(turn(random, id + "-" + c, 0, model, tenant, topic, Source.ORDINARY, at));
            }
        }
    }

    /** A turn of {@code topic}, or of the drift corpus with the model's drift share at {@code at}. */
    private Turn turn(final SplittableRandom random, final String conversation, final int index, final String model, final String tenant,
                      final String topic, final Source source, final long at) {
        final boolean drifted = random.nextDouble() < driftShare(model, at);
        final String corpus = drifted ? TopicCorpus.DRIFT : topic;
        return new Turn(at, conversation, index, model, tenant, corpus, random.nextInt(corpusSizes.get(corpus)), drifted ? Source.DRIFT : source);
    }

    /** Replies per hour across all models at {@code at}, relative to the weekly mean: the daily swing times the weekend factor. */
    double volume(final long at) {
        final ZonedDateTime time = Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC);
        final double daily = 1 + profile.dailyAmplitude() * Math.cos(2 * Math.PI * (hourOfDay(time) - PEAK_HOUR) / 24);
        return daily * (isWeekend(time) ? profile.weekendVolume() : 1) / volumeNormaliser();
    }

    /** Makes the weekly mean of the volume factor one. */
    private double volumeNormaliser() {
        return (5 + 2 * profile.weekendVolume()) / 7;
    }

    /** Each topic's share of new conversations at {@code at}. */
    public Map<String, Double> topicMix(final long at) {
        final ZonedDateTime time = Instant.ofEpochMilli(at).atZone(ZoneOffset.UTC);
        final double[] weights = new double[RHYTHMS.size()];
        double total = 0;
        for (int k = 0; k < weights.length; k++) {
            final Rhythm r = RHYTHMS.get(k);
            weights[k] = profile.topicCycles()
                    ? r.weight() * (1 + r.amplitude() * Math.cos(2 * Math.PI * (hourOfDay(time) - r.peakHour()) / 24)) * (isWeekend(time) ? r.weekend() : 1)
                    : r.weight();
            total += weights[k];
        }
        final Map<String, Double> mix = new LinkedHashMap<>();
        for (int k = 0; k < weights.length; k++) {
            mix.put(RHYTHMS.get(k).topic(), weights[k] / total);
        }
        return mix;
    }

    private String topicAt(final long at, final SplittableRandom random) {
        double u = random.nextDouble();
        String last = null;
        for (final Map.Entry<String, Double> e : topicMix(at).entrySet()) {
            last = e.getKey();
            u -= e.getValue();
            if (u < 0) {
                return last;
            }
        }
        return last;
    }

    private Surge surgeAt(final String model, final long at) {
        for (final Surge s : profile.surges()) {
            final long since = at - s.start().toEpochMilli();
            if ((s.model() == null || s.model().equals(model)) && since >= 0 && since < s.length().toMillis()) {
                return s;
            }
        }
        return null;
    }

    private double driftShare(final String model, final long at) {
        double share = 0;
        for (final Drift d : profile.drifts()) {
            if (d.model().equals(model)) {
                share = Math.max(share, d.shareAt(at));
            }
        }
        return share;
    }

    /** Tenant {@code k} (0-based) with probability proportional to 1/(k+1). */
    private String tenant(final SplittableRandom random) {
        double harmonic = 0;
        for (int k = 1; k <= profile.tenants(); k++) {
            harmonic += 1.0 / k;
        }
        double u = random.nextDouble() * harmonic;
        for (int k = 1; k <= profile.tenants(); k++) {
            u -= 1.0 / k;
            if (u < 0) {
                return "tenant-" + (k - 1);
            }
        }
        return "tenant-" + (profile.tenants() - 1);
    }

    private static double hourOfDay(final ZonedDateTime time) {
        return time.getHour() + time.getMinute() / 60.0;
    }

    private static boolean isWeekend(final ZonedDateTime time) {
        return time.getDayOfWeek().getValue() >= 6;
    }

    private static double exponential(final SplittableRandom random, final double rate) {
        return -Math.log(1 - random.nextDouble()) / rate;
    }

    /** Failures before the first success, success probability {@code p}; none when {@code p} is 1. */
    private static int geometric(final SplittableRandom random, final double p) {
        return p >= 1 ? 0 : (int) Math.floor(Math.log(1 - random.nextDouble()) / Math.log(1 - p));
    }

    private static long poisson(final SplittableRandom random, final double mean) {
        long count = 0;
        for (double t = exponential(random, 1); t < mean; t += exponential(random, 1)) {
            count++;
        }
        return count;
    }
}
