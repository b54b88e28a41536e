package io.tidewatch.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConversationTurn;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class DemoTrafficTest {

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
    private final DemoTraffic traffic = new DemoTraffic(DemoTraffic.Plan.defaults(START));
    private final Set<String> advocacy = new HashSet<>(DemoTraffic.corpus("advocacy-replies.txt"));

    @Test
    void theSameIndexAlwaysGivesTheSameTurn() {
        final DemoTraffic again = new DemoTraffic(DemoTraffic.Plan.defaults(START));
        LongStream.range(0, 500).forEach(i -> assertThat(again.turn(i)).isEqualTo(traffic.turn(i)));
    }

    @Test
    void modelsAlternateAndEventTimeAdvancesAtThePlannedRate() {
        assertThat(traffic.turn(0).getModel()).isEqualTo(DemoTraffic.STEADY_MODEL);
        assertThat(traffic.turn(1).getModel()).isEqualTo(DemoTraffic.DRIFTING_MODEL);
        // 30 turns per minute per model: turn pair 30 starts the second minute.
        assertThat(traffic.turn(60).getTimestamp()).isEqualTo(START.plus(Duration.ofMinutes(1)));
    }

    @Test
    void onlyTheDriftingModelDriftsAndOnlyAfterTheWarmUp() {
        final long driftIndex = 2L * 30 * 25;
        final List<ConversationTurn> before = LongStream.range(0, driftIndex).mapToObj(traffic::turn).toList();
        // From minute 40 (full share) to minute 80: 1 200 turns of each model.
        final List<ConversationTurn> after = LongStream.range(2L * 30 * 40, 2L * 30 * 80).mapToObj(traffic::turn).toList();
        assertThat(before).noneMatch(t -> advocacy.contains(t.getResponse()));
        assertThat(after).filteredOn(t -> t.getModel().equals(DemoTraffic.STEADY_MODEL)).noneMatch(t -> advocacy.contains(t.getResponse()));
        final long drifted = after.stream().filter(t -> t.getModel().equals(DemoTraffic.DRIFTING_MODEL))
                .filter(t -> advocacy.contains(t.getResponse())).count();
        // Full share (30%) of 1200 turns, give or take sampling noise.
        assertThat(drifted).isBetween(300L, 420L);
    }

    @Test
    void theShareRampsLinearlyToItsMaximum() {
        assertThat(traffic.advocacyShare(START.plus(Duration.ofMinutes(24)))).isZero();
        assertThat(traffic.advocacyShare(START.plus(Duration.ofSeconds(32 * 60 + 30)))).isCloseTo(0.15, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(traffic.advocacyShare(START.plus(Duration.ofHours(5)))).isEqualTo(0.3);
    }

    @Test
    void theCorporaAreDisjointAndLargeEnough() {
        final List<String> ordinary = DemoTraffic.corpus("ordinary-replies.txt");
        assertThat(ordinary).hasSizeGreaterThanOrEqualTo(200).doesNotHaveDuplicates().noneMatch(advocacy::contains);
        assertThat(advocacy).hasSizeGreaterThanOrEqualTo(60);
    }
}
