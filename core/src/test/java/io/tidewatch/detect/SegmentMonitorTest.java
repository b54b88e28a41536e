package io.tidewatch.detect;

import static io.tidewatch.detect.MonitorDriver.MINUTE;
import static io.tidewatch.detect.MonitorDriver.T0;
import static io.tidewatch.detect.MonitorDriver.opens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidewatch.describe.Passage;
import io.tidewatch.stats.Moments;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SegmentMonitorTest {

    @Test
    void raisesNoAlertWhileCalibratingEvenOnAnOutlierThenJudgesAgainstTheFrozenReference() {
        final MonitorDriver d = new MonitorDriver(MonitorDriver.settings(false), 1);
        d.buckets(30, 0.0);
        assertThat(d.buckets(1, 20.0)).isEmpty();
        d.buckets(29, 0.0);
        assertThat(d.closed).hasSize(60).allSatisfy(b -> assertThat(b.calibrating()).isTrue());

        d.buckets(1, 0.0);
        final ConceptBucket judged = d.closed.get(60).concepts().get(0);
        assertThat(d.closed.get(60).calibrating()).isFalse();
        assertThat(judged.reference().replyCount()).isEqualTo(60 * 40);
        assertThat(judged.standardized()).isEqualTo(judged.reference().standardize(judged.moments()));
        assertThat(judged.cusum()).isNotNull();
    }

    @Test
    void aSingleWildBucketOpensASpikeThatResolvesOnceTrafficHasStayedNormal() {
        final MonitorDriver d = new MonitorDriver(MonitorDriver.settings(false), 2);
        d.buckets(120, 0.0);
        final List<Alert> wild = d.buckets(1, 3.0);
        final Alert spike = opens(wild, SegmentMonitor.SPIKE).get(0);
        assertThat(spike.finding().windowStart()).isEqualTo(T0 + 120 * MINUTE);
        assertThat(spike.event().eventTime()).isEqualTo(T0 + 121 * MINUTE);
        assertThat(spike.finding().statistic()).isGreaterThan(spike.finding().threshold());
        assertThat(spike.finding().sampleCount()).isEqualTo(40);

        // Quiet from the end of the next bucket (minute 122), the spike resolves ten minutes later, at minute 132.
        assertThat(d.buckets(10, 0.0)).noneMatch(a -> a.finding().detector().equals(SegmentMonitor.SPIKE));
        final List<Alert> after = d.buckets(1, 0.0);
        assertThat(after).filteredOn(a -> a.finding().detector().equals(SegmentMonitor.SPIKE))
                .singleElement().satisfies(a -> {
                    assertThat(a.event().state()).isEqualTo(LifecycleState.RESOLVED);
                    assertThat(a.event().alertId()).isEqualTo(spike.event().alertId());
                    assertThat(a.event().eventTime()).isEqualTo(T0 + 132 * MINUTE);
                });
    }

    @Test
    void aPersistentSmallShiftOpensTheCusumWithItsChangePointAndEvidence() {
        final MonitorDriver d = MonitorDriver.afterShift(false, 3, 120, 240, 0.2);
        final Alert open = opens(d.alerts, SegmentMonitor.CUSUM).get(0);
        final Finding f = open.finding();
        // A 0.2σ shift is far below what the spike sees in one bucket; the bank finds it.
        assertThat(opens(d.alerts, SegmentMonitor.SPIKE)).isEmpty();
        assertThat(f.concept()).isEqualTo(MonitorDriver.CONCEPT);
        assertThat(f.windowStart()).isBetween(T0 + 100 * MINUTE, open.event().eventTime());
        assertThat(f.effectSize()).isBetween(0.1, 0.4);
        assertThat(f.sampleCount()).isEqualTo((open.event().eventTime() - f.windowStart()) / MINUTE * 40);
        assertThat(f.details()).containsKey("shift_sd");
        assertThat(f.statistic()).isGreaterThan(f.threshold());
    }

    @Test
    void theLowerSideIsWatchedOnlyWhenAskedFor() {
        final MonitorDriver both = MonitorDriver.afterShift(true, 4, 120, 120, -0.5);
        assertThat(MonitorDriver.afterShift(false, 4, 120, 120, -0.5).alerts).isEmpty();
        final Alert open = opens(both.alerts, "cusum-lower").get(0);
        assertThat(open.finding().effectSize()).isNegative();
        assertThat(open.finding().statistic()).isGreaterThan(open.finding().threshold());
    }

    @Test
    void theSlowHorizonJudgesEachWholeBlockOnceAgainstTheReferenceAndItsUncertainty() {
        // The reference is frozen at minute 60; the first 6-hour block runs from 00:00 to 06:00 and holds minutes 60..359.
        final MonitorDriver d = MonitorDriver.afterShift(false, 5, 60, 300, 0.15);
        final Alert slow = opens(d.alerts, SegmentMonitor.SLOW).get(0);
        Moments block = Moments.empty();
        double sumSquaredCounts = 0;
        for (final ClosedBucket b : d.closed.subList(60, 360)) {
            block = block.merge(b.concepts().get(0).moments());
            sumSquaredCounts += 40.0 * 40.0;
        }
        final ConceptBucket any = d.closed.get(60).concepts().get(0);
        assertThat(slow.event().eventTime()).isEqualTo(T0 + 360 * MINUTE);
        assertThat(slow.finding().windowStart()).isEqualTo(T0);
        assertThat(slow.finding().sampleCount()).isEqualTo(300 * 40);
        assertThat(slow.finding().statistic()).isCloseTo(any.reference().standardizeHorizon(block, sumSquaredCounts), within(1e-9));
        assertThat(slow.finding().details()).containsEntry("horizon", "PT6H");
    }

    @Test
    void exemplarsAreTheRepliesThatScoreHighestOverTheEvidence() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), Map.of());
        final SegmentState state = new SegmentState("model=m");
        for (int minute = 0; minute <= 61; minute++) {
            feed(monitor, state, minute, 0.0);
        }
        monitor.accept(state, reply(61, 45, 5.0));
        // The first reply of minute 62 closes minute 61.
        final Alert spike = opens(feed(monitor, state, 62, 0.0), SegmentMonitor.SPIKE).get(0);
        assertThat(spike.finding().exemplars()).hasSize(3);
        assertThat(spike.finding().exemplars().get(0)).isEqualTo(new ReplyExemplar("c-61-45", 0, "reply 45 of minute 61", 5.0));
        assertThat(spike.finding().exemplars()).extracting(ReplyExemplar::score).isSortedAccordingTo((a, b) -> Double.compare(b, a));
    }

    @Test
    void aConceptsExemplarIsShownByThePassageOfTheSentenceThatScoredIt() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), Map.of());
        final SegmentState state = new SegmentState("model=m");
        for (int minute = 0; minute <= 61; minute++) {
            feed(monitor, state, minute, 0.0);
        }
        final Passage scoring = new Passage("…the middle. The sentence that scored. The end…", "The sentence that scored.", List.of(MonitorDriver.CONCEPT));
        final Passage other = new Passage("Another passage.", "Another passage.", List.of("another-concept"));
        monitor.accept(state, new ScoredReply("c-61-45", 0, T0 + 61 * MINUTE + 45_000L, Map.of(MonitorDriver.CONCEPT, 5.0),
                "The start of the reply.", new float[0], Map.of(), new int[0], List.of(other, scoring)));
        final Alert spike = opens(feed(monitor, state, 62, 0.0), SegmentMonitor.SPIKE).get(0);
        assertThat(spike.finding().exemplars().get(0)).isEqualTo(
                new ReplyExemplar("c-61-45", 0, scoring.excerpt(), 5.0, scoring.sentence(), List.of()));
    }

    @Test
    void replayingTheSameBucketsGivesTheSameAlertsAndIds() {
        final MonitorDriver first = new MonitorDriver(MonitorDriver.settings(true), 7);
        final MonitorDriver second = new MonitorDriver(MonitorDriver.settings(true), 7);
        for (final MonitorDriver d : List.of(first, second)) {
            d.buckets(100, 0.0);
            d.buckets(200, 0.3);
            d.buckets(200, 0.0);
        }
        assertThat(first.alerts).isNotEmpty().isEqualTo(second.alerts);
    }

    @Test
    void lateRepliesAreCountedAndChangeNothing() {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), Map.of());
        final SegmentState state = new SegmentState("model=m");
        monitor.accept(state, reply(0, 0, 0.1));
        monitor.accept(state, reply(2, 0, 0.1));
        final MonitorOutput late = monitor.accept(state, reply(0, 1, 0.9));
        assertThat(late.lateReplies()).isEqualTo(1);
        assertThat(state.lateReplies).isEqualTo(1);
        assertThat(state.concepts.get(MonitorDriver.CONCEPT).calibration.replies()).isEqualTo(1);
    }

    @Test
    void settingsRejectDetectorWindowsThatAreNotWholeBucketsOrTooLooseABudget() {
        assertThatThrownBy(() -> new DetectionSettings(Duration.ofMinutes(7), Duration.ZERO, Duration.ofHours(1), 1e5,
                List.of(0.1), false, Duration.ofHours(1), Duration.ofHours(1), Duration.ofDays(1), AlertLifecycle.Settings.defaults(), 3))
                .hasMessageContaining("slow horizon must be a positive whole number of buckets");
        assertThatThrownBy(() -> new DetectionSettings(Duration.ofMinutes(1), Duration.ZERO, Duration.ofHours(1), 100,
                List.of(0.1), false, Duration.ofHours(24), Duration.ofHours(1), Duration.ofDays(1), AlertLifecycle.Settings.defaults(), 3))
                .hasMessageContaining("too loose for a slow horizon");
        assertThatThrownBy(() -> new DetectionSettings(Duration.ofMinutes(1), Duration.ZERO, Duration.ofHours(1), 1e5,
                List.of(), false, Duration.ofHours(24), Duration.ofHours(1), Duration.ofDays(1), AlertLifecycle.Settings.defaults(), 3))
                .hasMessageContaining("CUSUM shifts");
    }

    /** Forty ordinary replies (scores −0.1..0.1) in one minute; returns what closing earlier minutes produced. */
    private static List<Alert> feed(final SegmentMonitor monitor, final SegmentState state, final int minute, final double shift) {
        List<Alert> alerts = List.of();
        for (int i = 0; i < 40; i++) {
            alerts = concat(alerts, monitor.accept(state, reply(minute, i, shift + 0.005 * (i - 20))).alerts());
        }
        return alerts;
    }

    private static List<Alert> concat(final List<Alert> a, final List<Alert> b) {
        return b.isEmpty() ? a : java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    private static ScoredReply reply(final int minute, final int index, final double score) {
        return new ScoredReply("c-" + minute + "-" + index, 0, T0 + minute * MINUTE + index * 1000L,
                Map.of(MonitorDriver.CONCEPT, score), "reply " + index + " of minute " + minute, new float[0]);
    }
}
