package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A concept whose definition changes or leaves the catalog starts afresh in every segment it reaches. */
class SegmentMonitorRetireTest {

    private static final long MINUTE = 60_000L;
    private static final SegmentMonitor MONITOR = new SegmentMonitor(new SegmentMonitor.Settings(Duration.ofMinutes(1),
            Duration.ZERO, Duration.ofMinutes(3), 432_000, List.of(0.5, 1.0), false, Duration.ofHours(6), Duration.ofHours(1),
            Duration.ofDays(1), AlertLifecycle.Settings.defaults(), 2), Map.of());

    private static SegmentMonitor.ScoredReply reply(final long at, final double score) {
        return new SegmentMonitor.ScoredReply("conv-" + at, 0, at, Map.of("c", score), "excerpt", new float[0]);
    }

    /** Ten replies a minute alternating around {@code level}, so every bucket has a spread; returns the alerts raised. */
    private static List<SegmentMonitor.Alert> minute(final SegmentState state, final int minute, final double level) {
        final List<SegmentMonitor.Alert> alerts = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            alerts.addAll(MONITOR.accept(state, reply(minute * MINUTE + i * 6_000L, level + (i % 2 == 0 ? 0.01 : -0.01))).alerts());
        }
        return alerts;
    }

    @Test
    void aVersionChangeDropsTheTrackAndItsShareOfTheOpenBucket() {
        final SegmentState state = new SegmentState("model=m");
        MONITOR.retireChanged(state, Map.of("c", "v1"), 0);
        minute(state, 0, 0.1);
        minute(state, 1, 0.1);
        assertThat(state.concepts).containsKey("c");
        assertThat(state.openBuckets.get(MINUTE).moments).containsKey("c");

        final SegmentMonitor.Retirement retirement = MONITOR.retireChanged(state, Map.of("c", "v2"), 2 * MINUTE);

        assertThat(retirement.concepts()).containsExactly("c");
        assertThat(retirement.alerts()).isEmpty();
        assertThat(state.concepts).doesNotContainKey("c");
        assertThat(state.openBuckets.get(MINUTE).moments).doesNotContainKey("c");
        assertThat(state.conceptVersions).containsExactly(Map.entry("c", "v2"));
    }

    @Test
    void theSameVersionRetiresNothingAndANewConceptStartsCalibratingOnItsOwn() {
        final SegmentState state = new SegmentState("model=m");
        MONITOR.retireChanged(state, Map.of("c", "v1"), 0);
        assertThat(MONITOR.retireChanged(state, Map.of("c", "v1", "new", "v9"), 0).concepts()).isEmpty();
        assertThat(state.conceptVersions).containsOnlyKeys("c", "new");
    }

    /** Closes the bucket of minute {@code minute}, filled with replies scored on no concept, and retires what it shows absent. */
    private static SegmentMonitor.Retirement minuteWithout(final SegmentState state, final int minute) {
        for (int i = 0; i < 10; i++) {
            MONITOR.retireChanged(state, Map.of(), minute * MINUTE + i * 6_000L);
            MONITOR.accept(state, new SegmentMonitor.ScoredReply("conv", 0, minute * MINUTE + i * 6_000L, Map.of(), "excerpt", new float[0]));
        }
        final SegmentMonitor.Output closing = MONITOR.accept(state,
                new SegmentMonitor.ScoredReply("next", 0, (minute + 1) * MINUTE, Map.of(), "excerpt", new float[0]));
        return MONITOR.retireAbsent(state, closing.closedBuckets().get(0));
    }

    @Test
    void aConceptThatLeftTheCatalogRetiresOnceAWholeBucketPassesWithoutItAndResolvesItsOpenAlert() {
        final SegmentState state = new SegmentState("model=m");
        for (int m = 0; m < 4; m++) {
            MONITOR.retireChanged(state, Map.of("c", "v1"), m * MINUTE);
            minute(state, m, 0.1);
        }
        final List<SegmentMonitor.Alert> raised = new ArrayList<>();
        for (int m = 4; raised.isEmpty() && m < 30; m++) {
            MONITOR.retireChanged(state, Map.of("c", "v1"), m * MINUTE + 54_000L);
            raised.addAll(minute(state, m, 0.5));
        }
        assertThat(raised).as("an alert opens on a large shift").isNotEmpty();
        final SegmentMonitor.Alert open = raised.get(0);
        assertThat(open.event().state()).isEqualTo(AlertState.OPEN);

        final SegmentMonitor.Retirement retirement = minuteWithout(state, 40);

        assertThat(retirement.concepts()).containsExactly("c");
        assertThat(retirement.alerts()).singleElement().satisfies(resolved -> {
            assertThat(resolved.event().state()).isEqualTo(AlertState.RESOLVED);
            assertThat(resolved.event().alertId()).isEqualTo(open.event().alertId());
            assertThat(resolved.finding().concept()).isEqualTo("c");
            assertThat(resolved.finding().details()).containsEntry("resolved_by", "concept-retired");
            assertThat(resolved.event().eventTime()).isEqualTo(41 * MINUTE);
        });
        assertThat(state.concepts).isEmpty();
        assertThat(state.conceptVersions).isEmpty();
        assertThat(state.conceptLastSeen).isEmpty();
    }

    @Test
    void aConceptMissingFromSomeRepliesOfABucketIsKept() {
        final SegmentState state = new SegmentState("model=m");
        MONITOR.retireChanged(state, Map.of("c", "v1"), 30_000L);
        MONITOR.accept(state, reply(30_000L, 0.1));
        // A catalog update arriving record by record: one reply scored without "c", then "c" again.
        MONITOR.retireChanged(state, Map.of(), 40_000L);
        MONITOR.accept(state, new SegmentMonitor.ScoredReply("gap", 0, 40_000L, Map.of(), "excerpt", new float[0]));
        final SegmentMonitor.Output closing = MONITOR.accept(state, reply(MINUTE, 0.1));

        assertThat(MONITOR.retireAbsent(state, closing.closedBuckets().get(0)).concepts()).isEmpty();
        assertThat(state.conceptVersions).containsOnlyKeys("c");
    }
}
