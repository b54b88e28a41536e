package io.tidewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidewatch.demo.TrafficSimulator.Drift;
import io.tidewatch.demo.TrafficSimulator.Profile;
import io.tidewatch.demo.TrafficSimulator.Source;
import io.tidewatch.demo.TrafficSimulator.Surge;
import io.tidewatch.demo.TrafficSimulator.Turn;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The simulator's traffic has the shape its profile asks for. Tolerances are four standard errors
 * of each count, with turns clustered in conversations of three on average (a variance of
 * 15 turns² per conversation, against 3 for independent turns).
 */
class TrafficSimulatorTest {

    /** A Monday. */
    private static final Instant MONDAY = Instant.parse("2026-01-05T00:00:00Z");
    private static final Map<String, Integer> SIZES = sizes();

    private static Map<String, Integer> sizes() {
        final Map<String, Integer> sizes = new HashMap<>();
        TopicCorpus.TOPICS.forEach(t -> sizes.put(t, 50));
        return sizes;
    }

    private static List<Turn> turns(final Profile profile, final Duration length, final long seed) {
        return new TrafficSimulator(profile, SIZES).turns(MONDAY, length, seed);
    }

    @Test
    void theSameSeedGivesTheSameTrafficInEventTimeOrder() {
        final Profile profile = Profile.realistic(List.of("a", "b"), 240);
        final List<Turn> once = turns(profile, Duration.ofDays(2), 7);

        assertThat(turns(profile, Duration.ofDays(2), 7)).isEqualTo(once);
        assertThat(turns(profile, Duration.ofDays(2), 8)).isNotEqualTo(once);
        assertThat(once).isSortedAccordingTo((x, y) -> Long.compare(x.timestamp(), y.timestamp()));
        assertThat(once).allSatisfy(t -> assertThat(t.pair()).isBetween(0, 49));
    }

    @Test
    void steadyTrafficHasTheMeanVolumeAndTheMeanMix() {
        final List<Turn> week = turns(Profile.steady(List.of("a"), 240), Duration.ofDays(7), 1);
        final double expected = 240.0 * 24 * 7;

        assertThat((double) week.size()).isCloseTo(expected, within(4 * Math.sqrt(expected / 3 * 15)));
        final List<Turn> single = turns(Profile.steady(List.of("a"), 240).withMeanTurns(1), Duration.ofDays(7), 1);
        assertThat(single).allSatisfy(t -> assertThat(t.turn()).isZero());
        assertThat((double) single.size()).isCloseTo(expected, within(4 * Math.sqrt(expected)));
        final List<Turn> firsts = week.stream().filter(t -> t.turn() == 0).toList();
        for (final TrafficSimulator.Rhythm r : TrafficSimulator.RHYTHMS) {
            final double share = firsts.stream().filter(t -> t.topic().equals(r.topic())).count() / (double) firsts.size();
            assertThat(share).as(r.topic()).isCloseTo(r.weight(), within(4 * Math.sqrt(r.weight() * (1 - r.weight()) / firsts.size())));
        }
    }

    @Test
    void volumeAndTopicMixFollowTheDayAndTheWeek() {
        final Profile profile = new Profile(List.of("a"), 240, 0.6, 0.6, true, 3, 0, 0, 20, List.of(), List.of());
        final List<Turn> month = turns(profile, Duration.ofDays(28), 2);

        final List<Turn> weekdayPeak = month.stream().filter(at(false, 14)).toList();
        final List<Turn> weekdayTrough = month.stream().filter(at(false, 2)).toList();
        final double ratio = (double) weekdayPeak.size() / weekdayTrough.size();
        // Hour 14-15 against hour 2-3: (1 + 0.6·0.989) / (1 - 0.6·0.989).
        final double expectedRatio = (1 + 0.6 * 0.989) / (1 - 0.6 * 0.989);
        assertThat(ratio).isCloseTo(expectedRatio, within(4 * expectedRatio * Math.sqrt(5.0 / weekdayPeak.size() + 5.0 / weekdayTrough.size())));
        final long weekend = month.stream().filter(at(true, -1)).count();
        final long weekdays = month.size() - weekend;
        assertThat(weekend / 8.0 / (weekdays / 20.0)).isCloseTo(0.6, within(0.05));

        final TrafficSimulator simulator = new TrafficSimulator(profile, SIZES);
        assertShare(weekdayPeak, "code", simulator.topicMix(MONDAY.plus(Duration.ofMinutes(14 * 60 + 30)).toEpochMilli()).get("code"));
        assertShare(weekdayTrough, "personal", simulator.topicMix(MONDAY.plus(Duration.ofMinutes(2 * 60 + 30)).toEpochMilli()).get("personal"));
        assertThat(simulator.topicMix(MONDAY.plus(Duration.ofHours(14)).toEpochMilli()).get("code"))
                .isGreaterThan(3 * simulator.topicMix(MONDAY.plus(Duration.ofHours(2)).toEpochMilli()).get("code"));
    }

    /** Turns on weekends (or weekdays) in the hour starting at {@code hour} (any hour if negative). */
    private static Predicate<Turn> at(final boolean weekend, final int hour) {
        return t -> {
            final ZonedDateTime time = Instant.ofEpochMilli(t.timestamp()).atZone(ZoneOffset.UTC);
            return (time.getDayOfWeek().getValue() >= 6) == weekend && (hour < 0 || time.getHour() == hour);
        };
    }

    private static void assertShare(final List<Turn> turns, final String topic, final double expected) {
        final List<Turn> firsts = turns.stream().filter(t -> t.turn() == 0).toList();
        final double share = firsts.stream().filter(t -> t.topic().equals(topic)).count() / (double) firsts.size();
        assertThat(share).as(topic).isCloseTo(expected, within(4 * Math.sqrt(expected * (1 - expected) / firsts.size()) + 0.02));
    }

    @Test
    void aSurgeChangesTheTopicOfItsShareOfOneModelsConversationsAndNothingElse() {
        final Instant start = MONDAY.plus(Duration.ofHours(30));
        final Profile profile = Profile.steady(List.of("a", "b"), 240)
                .withSurge(new Surge(TopicCorpus.AI_TOPIC, "a", start, Duration.ofHours(6), 0.3));
        final List<Turn> turns = turns(profile, Duration.ofDays(3), 3);

        final List<Turn> during = turns.stream().filter(t -> t.model().equals("a") && t.turn() == 0
                && t.timestamp() >= start.toEpochMilli() && t.timestamp() < start.plus(Duration.ofHours(6)).toEpochMilli()).toList();
        final double share = during.stream().filter(t -> t.source() == Source.SURGE).count() / (double) during.size();
        assertThat(share).isCloseTo(0.3, within(4 * Math.sqrt(0.3 * 0.7 / during.size())));
        assertThat(turns.stream().filter(t -> t.source() == Source.SURGE))
                .allSatisfy(t -> assertThat(t.model()).isEqualTo("a"))
                .allSatisfy(t -> assertThat(t.topic()).isEqualTo(TopicCorpus.AI_TOPIC));
        assertThat(turns.stream().filter(t -> t.source() == Source.SURGE && t.turn() == 0).mapToLong(Turn::timestamp).min().orElseThrow())
                .isGreaterThanOrEqualTo(start.toEpochMilli());
    }

    @Test
    void aDriftDrawsItsShareOfOneModelsRepliesFromTheDriftCorpusStepOrRamp() {
        final Instant start = MONDAY.plus(Duration.ofDays(1));
        final Profile profile = Profile.steady(List.of("a", "b"), 600)
                .withDrift(new Drift("a", start, Duration.ZERO, 0.1))
                .withDrift(new Drift("b", start, Duration.ofHours(12), 0.2));
        final List<Turn> turns = turns(profile, Duration.ofDays(2), 4);

        assertThat(driftShare(turns, "a", start, start.plus(Duration.ofDays(1)))).isCloseTo(0.1, within(4 * Math.sqrt(0.1 * 0.9 / 14_400)));
        // The ramp's first half averages a quarter of its end share, its second half three quarters.
        assertThat(driftShare(turns, "b", start, start.plus(Duration.ofHours(6)))).isCloseTo(0.05, within(4 * Math.sqrt(0.05 * 0.95 / 3_600)));
        assertThat(driftShare(turns, "b", start.plus(Duration.ofHours(6)), start.plus(Duration.ofHours(12))))
                .isCloseTo(0.15, within(4 * Math.sqrt(0.15 * 0.85 / 3_600)));
        assertThat(driftShare(turns, "a", MONDAY, start)).isZero();
        assertThat(turns.stream().filter(t -> t.source() == Source.DRIFT)).allSatisfy(t -> assertThat(t.topic()).isEqualTo(TopicCorpus.DRIFT));
    }

    private static double driftShare(final List<Turn> turns, final String model, final Instant from, final Instant until) {
        final List<Turn> window = turns.stream().filter(t -> t.model().equals(model) && t.timestamp() >= from.toEpochMilli()
                && t.timestamp() < until.toEpochMilli()).toList();
        return window.stream().filter(t -> t.source() == Source.DRIFT).count() / (double) window.size();
    }

    @Test
    void heavyConversationsAndTenantBurstsAreThereAndBounded() {
        final List<Turn> month = turns(Profile.realistic(List.of("a"), 240), Duration.ofDays(28), 5);
        final Map<String, Long> perConversation = month.stream().collect(Collectors.groupingBy(Turn::conversationId, Collectors.counting()));

        final long heavy = perConversation.entrySet().stream().filter(e -> !e.getKey().startsWith("burst") && e.getValue() >= 100).count();
        // 0.1% of about 49,700 conversations: 50 on average.
        assertThat(heavy).isBetween(22L, 80L);
        assertThat(perConversation.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(400));
        final Map<String, List<Turn>> bursts = month.stream().filter(t -> t.conversationId().startsWith("burst"))
                .collect(Collectors.groupingBy(t -> t.conversationId().substring(0, t.conversationId().lastIndexOf('-'))));
        assertThat(bursts).hasSizeBetween(1, 19);
        assertThat(bursts.values()).allSatisfy(b -> {
            assertThat(b).hasSizeLessThanOrEqualTo(300);
            assertThat(b.stream().map(Turn::tenant).distinct()).hasSize(1);
            assertThat(b.stream().map(Turn::topic).filter(t -> !t.equals(TopicCorpus.DRIFT)).distinct()).hasSize(1);
            assertThat(b.get(b.size() - 1).timestamp() - b.get(0).timestamp()).isLessThanOrEqualTo(Duration.ofMinutes(20).toMillis());
        });
    }

    @Test
    void aTopicWithoutACorpusIsAnErrorNamingIt() {
        final Map<String, Integer> sizes = new HashMap<>(SIZES);
        sizes.remove("home");
        assertThatThrownBy(() -> new TrafficSimulator(Profile.steady(List.of("a"), 10), sizes))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no pairs for topic 'home'");
    }

    @Test
    void everyShippedCorpusLoadsWithDistinctPairsOfRealisticLength() {
        for (final String topic : TopicCorpus.TOPICS) {
            final TopicCorpus corpus = TopicCorpus.load(topic);
            assertThat(corpus.size()).as(topic).isGreaterThanOrEqualTo(50);
            assertThat(corpus.replies()).as(topic).doesNotHaveDuplicates()
                    .allSatisfy(r -> assertThat(r.length()).isBetween(200, 1_300));
            assertThat(corpus.prompts()).as(topic).doesNotHaveDuplicates();
        }
    }
}
