package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A concept whose definition changes or leaves the catalog starts afresh in every segment it
 * reaches. Both are judged when a bucket closes, from the versions its replies were scored with.
 */
class SegmentMonitorRetireTest {

    private static final long MINUTE = 60_000L;
    private static final SegmentMonitor MONITOR = new SegmentMonitor(new DetectionSettings(Duration.ofMinutes(1),
            Duration.ZERO, Duration.ofMinutes(3), 432_000, List.of(0.5, 1.0), false, Duration.ofHours(6), Duration.ofHours(1),
            Duration.ofDays(1), AlertLifecycle.Settings.defaults(), 2), Map.of());

    private static ScoredReply reply(final long at, final double score, final String version) {
        return new ScoredReply("conv-" + at, 0, at, Map.of("c", score), "excerpt", new float[0], Map.of("c", version));
    }

    private static ScoredReply unscored(final String id, final long at) {
        return new ScoredReply(id, 0, at, Map.of(), "excerpt", new float[0]);
    }

    /** Ten replies a minute alternating around {@code level}, so every bucket has a spread; returns what they closed. */
    private static List<MonitorOutput> minute(final SegmentState state, final int minute, final double level, final String version) {
        final List<MonitorOutput> outputs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            outputs.add(MONITOR.accept(state, reply(minute * MINUTE + i * 6_000L, level + (i % 2 == 0 ? 0.01 : -0.01), version)));
        }
        return outputs;
    }

    private static List<String> retired(final List<MonitorOutput> outputs) {
        return outputs.stream().flatMap(o -> o.retiredConcepts().stream()).toList();
    }

    @Test
    void aVersionChangeDropsTheTrackWhenTheFirstBucketJudgedInTheNewVersionCloses() {
        final SegmentState state = new SegmentState("model=m");
        minute(state, 0, 0.1, "v1");
        minute(state, 1, 0.1, "v1");
        assertThat(state.concepts).containsKey("c");
        assertThat(state.conceptVersions).containsExactly(Map.entry("c", "v1"));

        // Minute 2 is mostly v2: closing it (at the first reply of minute 3) restarts "c".
        final List<MonitorOutput> outputs = new ArrayList<>();
        outputs.addAll(minute(state, 2, 0.1, "v2"));
        outputs.add(MONITOR.accept(state, reply(3 * MINUTE, 0.1, "v2")));

        assertThat(retired(outputs)).containsExactly("c");
        assertThat(state.conceptVersions).containsExactly(Map.entry("c", "v2"));
        assertThat(state.concepts.get("c").calibrationStart).as("calibration starts again with the new version").isEqualTo(2 * MINUTE);
    }

    @Test
    void aBucketIsJudgedInTheVersionMostOfItsRepliesCarryAndTheOthersAreLeftOut() {
        final SegmentState state = new SegmentState("model=m");
        MONITOR.accept(state, reply(1_000L, 0.1, "v1"));
        MONITOR.accept(state, reply(2_000L, 0.2, "v1"));
        MONITOR.accept(state, reply(3_000L, 0.9, "v0"));
        final ClosedBucket closed = MONITOR.accept(state, reply(MINUTE, 0.1, "v1")).closedBuckets().get(0);

        assertThat(closed.count()).isEqualTo(3);
        assertThat(closed.concepts()).singleElement().satisfies(c -> {
            assertThat(c.moments().count()).as("the v0 reply is not mixed into v1's statistics").isEqualTo(2);
            assertThat(c.moments().mean()).isEqualTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
        });
        assertThat(state.conceptVersions).containsExactly(Map.entry("c", "v1"));
    }

    @Test
    void repliesSharingOneVersionsMapAreCountedOnePerReplyAndATieGoesToTheGreaterVersion() {
        // The detect stage gives replies scored with one catalog the same versions map; replies
        // recorded without versions count for the empty version of each concept they were scored on.
        final Map<String, String> v0 = Map.of("c", "v0");
        final Map<String, String> v1 = Map.of("c", "v1");
        final SegmentState state = new SegmentState("model=m");
        MONITOR.accept(state, new ScoredReply("a", 0, 1_000L, Map.of("c", 0.9), "x", new float[0], v0));
        MONITOR.accept(state, new ScoredReply("b", 0, 2_000L, Map.of("c", 0.9), "x", new float[0], v0));
        MONITOR.accept(state, new ScoredReply("c", 0, 3_000L, Map.of("c", 0.1), "x", new float[0], v1));
        MONITOR.accept(state, new ScoredReply("d", 0, 4_000L, Map.of("c", 0.3), "x", new float[0], v1));
        MONITOR.accept(state, new ScoredReply("e", 0, 5_000L, Map.of("c", 0.5), "x", new float[0]));
        final ClosedBucket closed = MONITOR.accept(state, reply(MINUTE, 0.1, "v1")).closedBuckets().get(0);

        assertThat(closed.count()).isEqualTo(5);
        assertThat(closed.concepts()).singleElement().satisfies(c -> {
            assertThat(c.moments().count()).as("two v1 replies; the v0 pair and the unversioned reply are left out").isEqualTo(2);
            assertThat(c.moments().mean()).isEqualTo(0.2, org.assertj.core.data.Offset.offset(1e-12));
        });
        assertThat(state.conceptVersions).containsExactly(Map.entry("c", "v1"));
    }

    @Test
    void aReplysVersionsNameExactlyTheConceptsItWasScoredOn() {
        final Map<String, String> both = Map.of("c", "v1", "d", "v2");
        assertThat(new ScoredReply("a", 0, 0L, Map.of("c", 0.1, "d", 0.2), "x", new float[0], both).versions())
                .as("a map naming exactly the scored concepts is kept as it is").isSameAs(both);
        assertThat(new ScoredReply("a", 0, 0L, Map.of("c", 0.1), "x", new float[0], both).versions())
                .containsExactly(Map.entry("c", "v1"));
        assertThat(new ScoredReply("a", 0, 0L, Map.of("c", 0.1, "e", 0.3), "x", new float[0], both).versions())
                .containsOnly(Map.entry("c", "v1"), Map.entry("e", ""));
    }

    @Test
    void aConceptThatLeftTheCatalogRetiresWhenABucketClosesWithoutItAndResolvesItsOpenAlert() {
        final SegmentState state = new SegmentState("model=m");
        for (int m = 0; m < 4; m++) {
            minute(state, m, 0.1, "v1");
        }
        final List<Alert> raised = new ArrayList<>();
        for (int m = 4; raised.isEmpty() && m < 30; m++) {
            minute(state, m, 0.5, "v1").forEach(o -> raised.addAll(o.alerts()));
        }
        assertThat(raised).as("an alert opens on a large shift").isNotEmpty();
        final Alert open = raised.get(0);
        assertThat(open.event().state()).isEqualTo(LifecycleState.OPEN);

        for (int i = 0; i < 10; i++) {
            MONITOR.accept(state, unscored("conv-" + i, 40 * MINUTE + i * 6_000L));
        }
        final MonitorOutput closing = MONITOR.accept(state, unscored("next", 41 * MINUTE));

        assertThat(closing.retiredConcepts()).containsExactly("c");
        assertThat(closing.alerts()).filteredOn(a -> a.event().alertId().equals(open.event().alertId())).singleElement().satisfies(resolved -> {
            assertThat(resolved.event().state()).isEqualTo(LifecycleState.RESOLVED);
            assertThat(resolved.finding().concept()).isEqualTo("c");
            assertThat(resolved.finding().details()).containsEntry("resolved_by", "concept-retired");
            assertThat(resolved.event().eventTime()).isEqualTo(41 * MINUTE);
        });
        assertThat(state.concepts).isEmpty();
        assertThat(state.conceptVersions).isEmpty();
    }

    @Test
    void aConceptMissingFromSomeRepliesOfABucketIsKept() {
        final SegmentState state = new SegmentState("model=m");
        MONITOR.accept(state, reply(30_000L, 0.1, "v1"));
        // A catalog update arriving record by record: one reply scored without "c", then "c" again.
        MONITOR.accept(state, unscored("gap", 40_000L));
        final MonitorOutput closing = MONITOR.accept(state, reply(MINUTE, 0.1, "v1"));

        assertThat(closing.closedBuckets()).hasSize(1);
        assertThat(closing.retiredConcepts()).isEmpty();
        assertThat(state.conceptVersions).containsOnlyKeys("c");
    }
}
