package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.detect.AlertLifecycle.Settings;
import io.tidewatch.detect.AlertLifecycle.Transition;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    private static final String STREAM = "cusum|sycophancy|model=assistant-v2";
    private static final double THRESHOLD = 4.0;
    private static final long MINUTE = 60_000L;
    /** Resolve at the first judgement below half the threshold; update at most every 10 minutes. */
    private static final Settings SETTINGS = new Settings(0.5, 10 * MINUTE, 0);

    @Test
    void defaultsResolveAfterTenMinutesBelowHalfAndUpdateEveryTenMinutes() {
        assertThat(Settings.defaults()).isEqualTo(new Settings(0.5, 10 * MINUTE, 10 * MINUTE));
    }

    @Test
    void resolvesOnlyOnceTheStatisticHasStayedBelowTheResolveLevelLongEnough() {
        final Settings settings = Settings.defaults();
        Transition t = AlertLifecycle.step(null, STREAM, MINUTE, 0, 5.0, THRESHOLD, settings);
        final String id = t.next().alertId();
        // Below 2 from minute 2; back above at minute 5 resets the wait; below again from minute 6.
        t = AlertLifecycle.step(t.next(), STREAM, 2 * MINUTE, 0, 1.0, THRESHOLD, settings);
        assertThat(t.event()).isEmpty();
        assertThat(t.next().quietSince()).isEqualTo(2 * MINUTE);
        t = AlertLifecycle.step(t.next(), STREAM, 5 * MINUTE, 0, 3.0, THRESHOLD, settings);
        assertThat(t.next().quietSince()).isNull();
        t = AlertLifecycle.step(t.next(), STREAM, 6 * MINUTE, 0, 1.0, THRESHOLD, settings);
        t = AlertLifecycle.step(t.next(), STREAM, 15 * MINUTE, 0, 1.0, THRESHOLD, settings);
        assertThat(t.event()).isEmpty();
        // Ten minutes after minute 6 the episode resolves, under its original id.
        t = AlertLifecycle.step(t.next(), STREAM, 16 * MINUTE, 0, 1.0, THRESHOLD, settings);
        assertThat(t.event()).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(LifecycleState.RESOLVED);
            assertThat(e.alertId()).isEqualTo(id);
        });
        assertThat(t.next()).isNull();
    }

    @Test
    void newsIsAnUpdateThatKeepsTheSeverityAndIgnoresTheUpdateInterval() {
        final Transition opened = AlertLifecycle.step(null, STREAM, MINUTE, 0, 9.0, THRESHOLD, Settings.defaults());
        final Episode quiet = opened.next().quiet(2 * MINUTE);
        // One minute after the opening, well inside the 10-minute update interval.
        final Transition news = AlertLifecycle.news(quiet, 3 * MINUTE, 1.0, THRESHOLD);
        assertThat(news.event()).hasValueSatisfying(e -> {
            assertThat(e.state()).isEqualTo(LifecycleState.UPDATE);
            assertThat(e.severity()).as("held, though 1.0 is below the threshold").isEqualTo(opened.next().severity());
            assertThat(e.alertId()).isEqualTo(opened.next().alertId());
        });
        assertThat(news.next().lastUpdate()).isEqualTo(3 * MINUTE);
        assertThat(news.next().quietSince()).as("the wait to resolve goes on").isEqualTo(2 * MINUTE);
    }

    @Test
    void aForcedResolutionReportsZeroStatisticAndThreshold() {
        final Episode episode = new Episode("abc", 0, 2, MINUTE, null);
        assertThat(AlertLifecycle.resolve(episode, 3 * MINUTE))
                .isEqualTo(new AlertEvent("abc", LifecycleState.RESOLVED, 0, 3 * MINUTE, 0.0, 0.0, 2));
    }

    @Test
    void nothingHappensBelowTheThresholdWithoutAnEpisode() {
        final Transition t = AlertLifecycle.step(null, STREAM, MINUTE, 0, THRESHOLD, THRESHOLD, SETTINGS);
        assertThat(t.next()).isNull();
        assertThat(t.event()).isEmpty();
    }

    @Test
    void fullEpisodeOpenUpdateRateLimitSeverityResolve() {
        final long start = 5 * MINUTE;
        final String id = AlertLifecycle.alertId(STREAM, start);

        // Crossing: 5 > 4 opens, severity 1 + floor(log2(5/4)) = 1, episode starts at the window start.
        Transition t = AlertLifecycle.step(null, STREAM, 10 * MINUTE, start, 5.0, THRESHOLD, SETTINGS);
        assertThat(t.event()).contains(new AlertEvent(id, LifecycleState.OPEN, start, 10 * MINUTE, 5.0, THRESHOLD, 1));
        assertThat(t.next()).isEqualTo(new Episode(id, start, 1, 10 * MINUTE, null));

        // 9/4 = 2.25 → severity 2, but only 1 minute since OPEN: held back, episode unchanged.
        t = step(t.next(), 11 * MINUTE, 9.0);
        assertThat(t.event()).isEmpty();
        assertThat(t.next()).isEqualTo(new Episode(id, start, 1, 10 * MINUTE, null));

        // Still severity 2 at 10 minutes after OPEN: UPDATE.
        t = step(t.next(), 20 * MINUTE, 9.0);
        assertThat(t.event()).contains(new AlertEvent(id, LifecycleState.UPDATE, start, 20 * MINUTE, 9.0, THRESHOLD, 2));

        // 17/4 = 4.25 → severity 3; rate-limited, then reported.
        t = step(t.next(), 25 * MINUTE, 17.0);
        assertThat(t.event()).isEmpty();
        t = step(t.next(), 30 * MINUTE, 17.0);
        assertThat(t.event()).contains(new AlertEvent(id, LifecycleState.UPDATE, start, 30 * MINUTE, 17.0, THRESHOLD, 3));

        // Between the resolve level 2 and the threshold: severity held, no event.
        t = step(t.next(), 45 * MINUTE, 3.0);
        assertThat(t.event()).isEmpty();
        assertThat(t.next().severity()).isEqualTo(3);

        // Falls back to severity 1 (4.5/4 = 1.125) after the interval: UPDATE downwards.
        t = step(t.next(), 50 * MINUTE, 4.5);
        assertThat(t.event().map(AlertEvent::severity)).contains(1);

        // 1.9 < 0.5 × 4: RESOLVED with the last reported severity; episode cleared.
        t = step(t.next(), 51 * MINUTE, 1.9);
        assertThat(t.event()).contains(new AlertEvent(id, LifecycleState.RESOLVED, start, 51 * MINUTE, 1.9, THRESHOLD, 1));
        assertThat(t.next()).isNull();
    }

    @Test
    void severityDoublesPerLevel() {
        // 1 + floor(log2(s/4)): [4, 8) → 1, [8, 16) → 2, [16, 32) → 3, 32 → 4.
        assertThat(AlertLifecycle.severity(4.0, THRESHOLD)).isEqualTo(1);
        assertThat(AlertLifecycle.severity(7.99, THRESHOLD)).isEqualTo(1);
        assertThat(AlertLifecycle.severity(8.0, THRESHOLD)).isEqualTo(2);
        assertThat(AlertLifecycle.severity(31.9, THRESHOLD)).isEqualTo(3);
        assertThat(AlertLifecycle.severity(32.0, THRESHOLD)).isEqualTo(4);
    }

    @Test
    void openReportsTheSeverityOfTheCrossingStatistic() {
        // A jump straight to 20: 1 + floor(log2(20/4)) = 1 + 2 = 3.
        final Transition t = AlertLifecycle.step(null, STREAM, MINUTE, 0, 20.0, THRESHOLD, SETTINGS);
        assertThat(t.event().map(AlertEvent::severity)).contains(3);
    }

    @Test
    void alertIdIsDeterministic() {
        final String id = AlertLifecycle.alertId(STREAM, 1_700_000_000_000L);
        assertThat(id).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(AlertLifecycle.alertId(STREAM, 1_700_000_000_000L)).isEqualTo(id);
        assertThat(AlertLifecycle.alertId(STREAM, 1_700_000_060_000L)).isNotEqualTo(id);
        assertThat(AlertLifecycle.alertId(STREAM + "x", 1_700_000_000_000L)).isNotEqualTo(id);
    }

    @Test
    void alertIdIsTheSha256PrefixOfStreamAndStart() {
        // printf 'a|0' | sha256sum → e4f06efe13841f61603e3cd3…
        assertThat(AlertLifecycle.alertId("a", 0)).isEqualTo("e4f06efe13841f61");
    }

    @Test
    void newEpisodeAfterResolveGetsANewId() {
        final Transition first = AlertLifecycle.step(null, STREAM, MINUTE, 0, 5.0, THRESHOLD, SETTINGS);
        final Transition resolved = step(first.next(), 2 * MINUTE, 0.0);
        final Transition second = AlertLifecycle.step(
                resolved.next(), STREAM, 10 * MINUTE, 9 * MINUTE, 5.0, THRESHOLD, SETTINGS);
        assertThat(second.event().map(AlertEvent::state)).isEqualTo(Optional.of(LifecycleState.OPEN));
        assertThat(second.next().alertId()).isNotEqualTo(first.next().alertId());
    }

    private static Transition step(final Episode current, final long eventTime, final double statistic) {
        return AlertLifecycle.step(current, STREAM, eventTime, 0, statistic, THRESHOLD, SETTINGS);
    }
}
