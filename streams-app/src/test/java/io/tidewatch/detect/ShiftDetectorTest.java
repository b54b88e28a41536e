package io.tidewatch.detect;

import static io.tidewatch.detect.MonitorDriver.MINUTE;
import static io.tidewatch.detect.MonitorDriver.T0;
import static io.tidewatch.detect.MonitorDriver.opens;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.detect.SegmentMonitor.Alert;
import io.tidewatch.detect.SegmentMonitor.Exemplar;
import io.tidewatch.detect.SegmentMonitor.ScoredReply;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ShiftDetectorTest {

    private static final int DIMENSION = 8;
    /** A theme no concept is configured for lies mostly, but not only, along coordinate 0. */
    private static final float[] THEME = {0.9f, 0.3f, 0f, 0f, 0f, 0f, 0f, 0.3f};
    private static final Map<String, float[]> CONCEPTS = Map.of(
            "close-to-theme", new float[] {1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f},
            "unrelated", new float[] {0f, 0f, 0f, 1f, 0f, 0f, 0f, 0f});

    /** Minutes of 40 replies, a share of them carrying the theme; returns the alerts. */
    private static List<Alert> traffic(final SegmentMonitor monitor, final SegmentState state, final SplittableRandom random,
                                       final int fromMinute, final int minutes, final double themeShare) {
        final List<Alert> alerts = new ArrayList<>();
        for (int minute = fromMinute; minute < fromMinute + minutes; minute++) {
            for (int i = 0; i < 40; i++) {
                final boolean theme = random.nextDouble() < themeShare;
                final float[] e = new float[DIMENSION];
                for (int j = 0; j < DIMENSION; j++) {
                    e[j] = (float) ((theme ? 0.5 * THEME[j] : 0.0) + 0.3 / (1 + j) + 0.2 * random.nextGaussian());
                }
                final String id = (theme ? "theme-" : "plain-") + minute + "-" + i;
                alerts.addAll(monitor.accept(state, new ScoredReply(id, 0, T0 + minute * MINUTE + i * 1000L, Map.of(), id, e)).alerts());
            }
        }
        return alerts;
    }

    @Test
    void aThemeMixedIntoTheTrafficOpensAnUnexplainedShiftThatPointsAtItsReplies() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(21);
        assertThat(traffic(monitor, state, random, 0, 180, 0.0)).isEmpty();
        final List<Alert> alerts = traffic(monitor, state, random, 180, 180, 0.15);

        final Alert open = opens(alerts, SegmentMonitor.UNEXPLAINED_SHIFT).get(0);
        final Finding f = open.finding();
        assertThat(f.concept()).isNull();
        assertThat(f.statistic()).isGreaterThan(f.threshold());
        assertThat(f.windowStart() % (60 * MINUTE)).isZero();
        // "unrelated" is orthogonal to the theme: naming it would explain nothing.
        assertThat(f.explainedBy()).extracting(Explanation::concept).containsExactly("close-to-theme");
        assertThat(f.explainedBy().get(0).cosine()).isGreaterThan(0.5);
        assertThat(Double.parseDouble(f.details().get("explained_share"))).isBetween(0.0, 1.0);
        assertThat(f.exemplars()).hasSize(3).extracting(Exemplar::conversationId).allSatisfy(id -> assertThat(id).startsWith("theme-"));
    }

    @Test
    void aShiftIsExplainedByTheConceptsKnownWhenItIsJudgedNotThoseKnownAtStart() {
        final AtomicReference<Map<String, float[]>> catalog = new AtomicReference<>(Map.of("unrelated", CONCEPTS.get("unrelated")));
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), catalog::get);
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(21);
        assertThat(traffic(monitor, state, random, 0, 180, 0.0)).isEmpty();
        // Published while the segment runs, as `concepts publish` does.
        catalog.set(Map.of("unrelated", CONCEPTS.get("unrelated"), "published-later", CONCEPTS.get("close-to-theme")));

        final Finding f = opens(traffic(monitor, state, random, 180, 180, 0.15), SegmentMonitor.UNEXPLAINED_SHIFT).get(0).finding();
        assertThat(f.explainedBy()).extracting(Explanation::concept).containsExactly("published-later");
    }

    @Test
    void unchangedTrafficOpensNothing() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        assertThat(traffic(monitor, new SegmentState("model=m"), new SplittableRandom(22), 0, 360, 0.0)).isEmpty();
    }

    @Test
    void bucketsCarryTheirEmbeddingSumsAndHalvesByReplyIdentity() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), CONCEPTS);
        final SegmentState state = new SegmentState("model=m");
        final float[] e = {1f, 0f, 0f, 0f, 0f, 0f, 0f, 0f};
        monitor.accept(state, new ScoredReply("a", 0, T0, Map.of(), null, e));
        monitor.accept(state, new ScoredReply("b", 0, T0 + 1000, Map.of(), null, e));
        final SegmentMonitor.ClosedBucket closed = monitor.accept(state, new ScoredReply("c", 0, T0 + MINUTE, Map.of(), null, e))
                .closedBuckets().get(0);
        assertThat(closed.embedding().count).isEqualTo(2);
        assertThat(closed.embedding().sum).containsExactly(2, 0, 0, 0, 0, 0, 0, 0);
        assertThat(closed.embedding().countA).isEqualTo((ShiftDetector.halfA(new ScoredReply("a", 0, 0, Map.of(), null, e)) ? 1 : 0)
                + (ShiftDetector.halfA(new ScoredReply("b", 0, 0, Map.of(), null, e)) ? 1 : 0));
    }
}
