package io.tidewatch.detect;

import static io.tidewatch.detect.MonitorDriver.MINUTE;
import static io.tidewatch.detect.MonitorDriver.T0;
import static io.tidewatch.detect.MonitorDriver.opens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tidewatch.stats.ReferenceAccumulator;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ReferencePinTest {

    private static final long HOUR = 60 * MINUTE;

    /** The history granules the topology would keep: every closed bucket added to its hour. */
    private static HistoryGranule historyOf(final MonitorDriver d, final long from, final long to) {
        final TreeMap<Long, HistoryGranule> granules = new TreeMap<>();
        for (final ClosedBucket b : d.closed) {
            granules.computeIfAbsent(d.monitor.granuleStart(b.start()), g -> new HistoryGranule()).add(b);
        }
        final HistoryGranule merged = new HistoryGranule();
        granules.subMap(from, to).values().forEach(merged::merge);
        return merged;
    }

    private static PinRequest pin(final long from, final long to) {
        return new PinRequest("model=m", from, to, "ops@example", "new normal reviewed", T0 + 10 * HOUR);
    }

    @Test
    void pinningToAPastPeriodReestimatesFromHistoryResolvesOpenEpisodesAndIsAudited() {
        final MonitorDriver d = MonitorDriver.afterShift(false, 11, 120, 120, 1.0);
        assertThat(opens(d.alerts, SegmentMonitor.CUSUM)).isNotEmpty();

        // 02:10–03:50 is widened to whole hours, 02:00–04:00: the shifted traffic.
        final HistoryGranule history = historyOf(d, T0 + 2 * HOUR, T0 + 4 * HOUR);
        final List<Alert> pinned = d.monitor.pin(d.state, pin(T0 + 2 * HOUR + 10 * MINUTE, T0 + 4 * HOUR - 10 * MINUTE), history).alerts();

        assertThat(pinned).filteredOn(a -> a.event().state() == LifecycleState.RESOLVED).isNotEmpty()
                .allSatisfy(a -> assertThat(a.finding().details()).containsEntry("resolved_by", SegmentMonitor.REFERENCE_PIN));
        final Alert audit = pinned.get(pinned.size() - 1);
        assertThat(audit.event().state()).isEqualTo(LifecycleState.AUDIT);
        assertThat(audit.event().eventTime()).isEqualTo(T0 + 10 * HOUR);
        assertThat(audit.finding().detector()).isEqualTo(SegmentMonitor.REFERENCE_PIN);
        assertThat(audit.finding().details()).containsEntry("outcome", "applied").containsEntry("from", "2026-01-01T02:00:00Z")
                .containsEntry("to", "2026-01-01T04:00:00Z").containsEntry("requested_by", "ops@example")
                .containsEntry("replies_on_record", Long.toString(120 * 40));

        // The next bucket freezes the new reference: exactly the pinned period's replies.
        d.buckets(1, 1.0);
        final ReferenceAccumulator expected = history.concept(MonitorDriver.CONCEPT);
        assertThat(d.state.concepts.get(MonitorDriver.CONCEPT).reference.mean()).isCloseTo(expected.estimate().mean(), within(1e-12));
        assertThat(d.state.concepts.get(MonitorDriver.CONCEPT).reference.replyCount()).isEqualTo(120 * 40);
        // At the pinned level, the shifted traffic is normal again.
        assertThat(d.buckets(240, 1.0)).isEmpty();
    }

    @Test
    void pinningToAFuturePeriodCalibratesUntilItHasPassed() {
        final MonitorDriver d = new MonitorDriver(MonitorDriver.settings(false), 12);
        d.buckets(120, 0.0);
        final List<Alert> pinned = d.monitor.pin(d.state, pin(T0 + 3 * HOUR, T0 + 4 * HOUR), new HistoryGranule()).alerts();
        assertThat(pinned).singleElement().satisfies(a -> assertThat(a.finding().details()).containsEntry("outcome", "applied"));

        // Before and during the period nothing is judged, however far the traffic moves.
        d.closed.clear();
        assertThat(d.buckets(120, 3.0)).isEmpty();
        assertThat(d.closed).allSatisfy(b -> assertThat(b.calibrating()).isTrue());
        d.buckets(1, 3.0);
        assertThat(d.state.concepts.get(MonitorDriver.CONCEPT).reference.replyCount()).isEqualTo(60 * 40);
        assertThat(d.state.concepts.get(MonitorDriver.CONCEPT).reference.mean()).isCloseTo(3.0 * 0.1, within(0.01));
    }

    @Test
    void aPastPeriodWithoutHistoryIsRejectedAndChangesNothing() {
        final MonitorDriver d = new MonitorDriver(MonitorDriver.settings(false), 13);
        d.buckets(120, 0.0);
        final var before = d.state.concepts.get(MonitorDriver.CONCEPT).reference;
        final List<Alert> pinned = d.monitor.pin(d.state, pin(T0 - 48 * HOUR, T0 - 24 * HOUR), new HistoryGranule()).alerts();
        assertThat(pinned).singleElement().satisfies(a -> {
            assertThat(a.event().state()).isEqualTo(LifecycleState.AUDIT);
            assertThat(a.finding().details().get("outcome")).startsWith("rejected");
        });
        assertThat(d.state.concepts.get(MonitorDriver.CONCEPT).reference).isSameAs(before);
    }

    @Test
    void theAuditIdIsDerivedFromTheRequestSoReplaysAgree() {
        final MonitorDriver first = new MonitorDriver(MonitorDriver.settings(false), 14);
        final MonitorDriver second = new MonitorDriver(MonitorDriver.settings(false), 14);
        final String a = first.monitor.pin(first.state, pin(T0, T0 + HOUR), new HistoryGranule()).alerts().get(0).event().alertId();
        final String b = second.monitor.pin(second.state, pin(T0, T0 + HOUR), new HistoryGranule()).alerts().get(0).event().alertId();
        final String other = second.monitor.pin(second.state, pin(T0, T0 + 2 * HOUR), new HistoryGranule()).alerts().get(0).event().alertId();
        assertThat(a).isEqualTo(b).isNotEqualTo(other);
    }
}
