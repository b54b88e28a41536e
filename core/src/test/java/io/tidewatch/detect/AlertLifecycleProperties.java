package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.detect.AlertLifecycle.Settings;
import io.tidewatch.detect.AlertLifecycle.Transition;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

class AlertLifecycleProperties {

    private static final String STREAM = "cusum|tone|model=a";
    private static final double THRESHOLD = 4.0;
    private static final long BUCKET = 60_000L;

    @Property
    void resolvedAndUpdateOnlyFollowAnOpenOfTheSameEpisode(
            @ForAll final List<@DoubleRange(min = 0.0, max = 40.0) Double> statistics,
            @ForAll @LongRange(min = 0, max = 30 * BUCKET) final long updateInterval) {
        String openId = null;
        for (final AlertEvent event : replay(statistics, new Settings(0.5, updateInterval, updateInterval / 2))) {
            if (event.state() == LifecycleState.OPEN) {
                assertThat(openId).as("OPEN while an episode is open").isNull();
                openId = event.alertId();
            } else {
                assertThat(event.alertId()).as("%s without a prior OPEN", event.state()).isEqualTo(openId);
                openId = event.state() == LifecycleState.RESOLVED ? null : openId;
            }
        }
    }

    @Property
    void replayYieldsTheSameEventsAndIds(@ForAll final List<@DoubleRange(min = 0.0, max = 40.0) Double> statistics) {
        assertThat(replay(statistics, Settings.defaults())).isEqualTo(replay(statistics, Settings.defaults()));
    }

    @Property
    void updatesRespectTheIntervalAndSeverityIsPositive(
            @ForAll final List<@DoubleRange(min = 0.0, max = 40.0) Double> statistics,
            @ForAll @LongRange(min = 0, max = 30 * BUCKET) final long updateInterval) {
        long lastEvent = Long.MIN_VALUE;
        for (final AlertEvent event : replay(statistics, new Settings(0.5, updateInterval, updateInterval / 2))) {
            assertThat(event.severity()).isPositive();
            if (event.state() == LifecycleState.UPDATE) {
                assertThat(event.eventTime() - lastEvent).isGreaterThanOrEqualTo(updateInterval);
            }
            lastEvent = event.eventTime();
        }
    }

    /** Runs the lifecycle over one statistic per bucket; a new episode's evidence starts one bucket back. */
    private static List<AlertEvent> replay(final List<Double> statistics, final Settings settings) {
        final List<AlertEvent> events = new ArrayList<>();
        Episode episode = null;
        for (int i = 0; i < statistics.size(); i++) {
            final long eventTime = (i + 1) * BUCKET;
            final Transition t = AlertLifecycle.step(
                    episode, STREAM, eventTime, eventTime - BUCKET, statistics.get(i), THRESHOLD, settings);
            t.event().ifPresent(events::add);
            episode = t.next();
        }
        return events;
    }
}
