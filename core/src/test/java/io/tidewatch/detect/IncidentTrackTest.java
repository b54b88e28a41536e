package io.tidewatch.detect;

import static io.tidewatch.detect.MonitorDriver.MINUTE;
import static io.tidewatch.detect.MonitorDriver.MODEL;
import static io.tidewatch.detect.MonitorDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One cause, two concepts: "tone" drifts and "echo", which shares part of its direction, moves by
 * half as much. Both open alert episodes; they are one incident, led by tone, which opens with
 * the first alert and resolves with the last; an alert after that is a new incident.
 */
class IncidentTrackTest {

    private final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), Map.of());
    private final SegmentState state = new SegmentState("model=m");
    private final SplittableRandom random = new SplittableRandom(3);
    private long minute;

    private List<Alert> buckets(final int count, final double shift) {
        final List<Alert> alerts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            alerts.addAll(monitor.acceptBucket(state, T0 + minute++ * MINUTE, SegmentState.BucketSums.of(MODEL.repliesPerBucket(),
                    Map.of("tone", MODEL.bucket(random, shift * MODEL.spread()), "echo", MODEL.bucket(random, 0.5 * shift * MODEL.spread()))))
                    .alerts());
        }
        return alerts;
    }

    @Test
    void alertsOfOneSegmentThatOverlapInTimeAreOneIncidentLedByTheLargestMove() {
        buckets(60, 0.0);
        final List<Alert> all = new ArrayList<>(buckets(60, 0.4));
        // Long enough for every CUSUM to drain and the slow horizon (6-hour blocks) to judge a calm block.
        all.addAll(buckets(1200, 0.0));
        assertThat(all).allSatisfy(a -> assertThat(a.incident()).isNotNull());
        final String id = all.get(0).incident().id();
        final List<Alert> first = all.stream().filter(a -> a.incident().id().equals(id)).toList();

        final List<Alert> opens = first.stream().filter(a -> a.event().state() == LifecycleState.OPEN).toList();
        assertThat(opens).extracting(a -> a.finding().concept()).contains("tone", "echo");
        assertThat(first.get(0).incident().state()).isEqualTo(LifecycleState.OPEN);
        assertThat(first.subList(1, first.size() - 1)).extracting(a -> a.incident().state()).containsOnly(LifecycleState.UPDATE);
        final Alert last = first.get(first.size() - 1);
        assertThat(last.event().state()).isEqualTo(LifecycleState.RESOLVED);
        assertThat(last.incident().state()).isEqualTo(LifecycleState.RESOLVED);
        assertThat(last.incident().alertIds()).containsExactlyElementsOf(opens.stream().map(a -> a.event().alertId()).toList());
        // While both were open, tone (the larger move) led.
        final Alert echoOpen = opens.stream().filter(a -> a.finding().concept().equals("echo")).findFirst().orElseThrow();
        final String toneId = opens.stream().filter(a -> a.finding().concept().equals("tone")).findFirst().orElseThrow().event().alertId();
        assertThat(echoOpen.incident().primaryAlertId()).isEqualTo(toneId);
        // An alert after the incident resolved (here the slow horizon's, judged at the end of its block) is another incident.
        assertThat(all.subList(first.size(), all.size())).allSatisfy(a -> assertThat(a.incident().id()).isNotEqualTo(id));
        assertThat(state.incident).isNull();

        final List<Alert> second = buckets(60, 0.4);
        assertThat(second).isNotEmpty();
        assertThat(second.get(0).incident().state()).isEqualTo(LifecycleState.OPEN);
        assertThat(second.get(0).incident().id()).isNotEqualTo(id);
    }
}
