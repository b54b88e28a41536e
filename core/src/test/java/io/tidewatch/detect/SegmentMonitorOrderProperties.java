package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * Replay equals live: whatever order the replies of a segment arrive in (as several score tasks
 * interleave them), the closed buckets and alert events are the same, to the last bit.
 */
class SegmentMonitorOrderProperties {

    private static final long MINUTE = 60_000L;
    private static final DetectionSettings SETTINGS = new DetectionSettings(Duration.ofMinutes(1), Duration.ZERO,
            Duration.ofMinutes(4), 2_000, List.of(0.25, 1.0), true, Duration.ofMinutes(4), Duration.ofMinutes(2), Duration.ofDays(1),
            AlertLifecycle.Settings.defaults(), 3);
    private static final SegmentMonitor MONITOR = new SegmentMonitor(SETTINGS, Map.of("tone", new float[] {1, 0, 0, 0}));

    /** Twelve minutes of 25 replies each, drifting after minute 6, as two concept versions would appear mid-way. */
    private static List<ScoredReply> traffic(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<ScoredReply> replies = new ArrayList<>();
        for (int minute = 0; minute < 12; minute++) {
            final double shift = minute >= 6 ? 0.4 : 0.0;
            for (int i = 0; i < 25; i++) {
                final float[] e = {(float) (shift + 0.3 * random.nextGaussian()), (float) (0.5 + 0.2 * random.nextGaussian()),
                    (float) (0.2 * random.nextGaussian()), (float) (0.1 * random.nextGaussian())};
                replies.add(new ScoredReply("conv-" + random.nextInt(40), i, minute * MINUTE + random.nextLong(MINUTE),
                        Map.of("tone", shift + 0.1 * random.nextGaussian(), "other", 0.1 * random.nextGaussian()),
                        "excerpt " + i, e, Map.of("tone", minute == 9 && i % 3 == 0 ? "v0" : "v1", "other", "v1")));
            }
        }
        return replies;
    }

    /** Everything a segment's monitor produced, written out in full precision. */
    private static List<String> run(final List<ScoredReply> replies) {
        final SegmentState state = new SegmentState("model=m");
        replies.forEach(reply -> MONITOR.add(state, reply, Long.MIN_VALUE));
        final MonitorOutput output = MONITOR.advanceTo(state, Long.MAX_VALUE);
        final List<String> produced = new ArrayList<>();
        output.closedBuckets().forEach(b -> produced.add(b.start() + " " + b.count() + " " + b.concepts()
                + " " + Arrays.toString(b.embedding().sum) + " " + Arrays.toString(b.embedding().sketchA)));
        output.alerts().forEach(a -> produced.add(a.toString()));
        produced.add(output.retiredConcepts().toString());
        return produced;
    }

    @Property(tries = 30)
    void theOrderRepliesArriveInChangesNothing(@ForAll @LongRange(min = 0, max = 1_000) final long seed) {
        final List<ScoredReply> replies = traffic(seed);
        final List<ScoredReply> shuffled = new ArrayList<>(replies);
        Collections.shuffle(shuffled, new Random(seed + 1));
        final List<String> inOrder = run(replies);
        assertThat(inOrder).as("the traffic closes buckets").hasSizeGreaterThan(12);
        assertThat(run(shuffled)).isEqualTo(inOrder);
    }
}
