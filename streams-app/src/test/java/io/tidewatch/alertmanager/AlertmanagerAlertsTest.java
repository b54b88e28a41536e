package io.tidewatch.alertmanager;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.alertmanager.AlertmanagerAlerts.Posted;
import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.DriftAlert;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertmanagerAlertsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final Duration TTL = Duration.ofMinutes(5);

    private static DriftAlert event(final String id, final AlertState state, final String severity, final int minute) {
        final Instant at = T0.plus(Duration.ofMinutes(minute));
        return DriftAlert.newBuilder().setAlertId(id).setState(state).setDetector("cusum").setConcept(null)
                .setSegment(Map.of("model", "m", "tenant.id", "acme")).setEventTime(at).setWindowStart(T0).setWindowEnd(at)
                .setStatistic(9.0).setThreshold(8.0).setObservedMean(0.2).setReferenceMean(0.1).setEffectSize(0.4).setSampleCount(600)
                .setExemplars(List.of()).setExplainedBy(List.of()).setDescription(null).setSeverity(severity)
                .setMessage("moved at minute " + minute).setDetails(Map.of("cause", "model")).build();
    }

    @Test
    void anOpenEpisodeIsOneAlertKeptAliveAndItsUpdatesOnlyChangeAnnotations() {
        final AlertmanagerAlerts alerts = new AlertmanagerAlerts(null);
        assertThat(alerts.apply(event("a", AlertState.OPEN, "low", 0))).isTrue();
        assertThat(alerts.apply(event("a", AlertState.UPDATE, "low", 10))).isFalse();

        final List<Posted> posts = alerts.toPost(T0.plus(Duration.ofMinutes(11)), TTL);
        assertThat(posts).singleElement().satisfies(p -> {
            assertThat(p.labels()).containsExactlyInAnyOrderEntriesOf(Map.of("alertname", "TidewatchDrift", "alert_id", "a", "detector", "cusum",
                    "severity", "low", "segment_model", "m", "segment_tenant_id", "acme"));
            assertThat(p.annotations()).containsEntry("summary", "moved at minute 10").doesNotContainKey("runbook_url");
            assertThat(p.annotations().get("description")).contains("who moved: model");
            assertThat(p.startsAt()).isEqualTo(T0);
            assertThat(p.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(16)));
        });
    }

    @Test
    void aChangeOfSeverityEndsTheOldAlertAndStartsOneOfTheNewUntilDelivered() {
        final AlertmanagerAlerts alerts = new AlertmanagerAlerts(null);
        alerts.apply(event("a", AlertState.OPEN, "low", 0));
        assertThat(alerts.apply(event("a", AlertState.UPDATE, "high", 20))).isTrue();

        final Instant now = T0.plus(Duration.ofMinutes(21));
        final List<Posted> posts = alerts.toPost(now, TTL);
        assertThat(posts).extracting(p -> p.labels().get("severity"), Posted::startsAt, Posted::endsAt).containsExactly(
                org.assertj.core.groups.Tuple.tuple("low", T0, T0.plus(Duration.ofMinutes(20))),
                org.assertj.core.groups.Tuple.tuple("high", T0.plus(Duration.ofMinutes(20)), now.plus(TTL)));
        // Not delivered (Alertmanager down): the end waits.
        assertThat(alerts.toPost(now, TTL)).hasSize(2);
        alerts.delivered(posts);
        assertThat(alerts.toPost(now, TTL)).singleElement().satisfies(p -> assertThat(p.labels()).containsEntry("severity", "high"));

        assertThat(alerts.apply(event("a", AlertState.RESOLVED, "high", 30))).isTrue();
        assertThat(alerts.openCount()).isZero();
        assertThat(alerts.toPost(T0.plus(Duration.ofMinutes(31)), TTL)).singleElement()
                .satisfies(p -> assertThat(p.endsAt()).isEqualTo(T0.plus(Duration.ofMinutes(30))));
    }

    @Test
    void auditsAndResolutionsOfUnknownEpisodesSendNothingAndTheRunbookIsFilledIn() {
        final AlertmanagerAlerts alerts = new AlertmanagerAlerts("https://rb.example/{detector}/{concept}?id={alert_id}&s={severity}");
        assertThat(alerts.apply(event("x", AlertState.AUDIT, "info", 0))).isFalse();
        assertThat(alerts.apply(event("y", AlertState.RESOLVED, "low", 0))).isFalse();
        assertThat(alerts.toPost(T0, TTL)).isEmpty();

        alerts.apply(event("z z", AlertState.OPEN, "medium", 1));
        assertThat(alerts.toPost(T0, TTL)).singleElement().satisfies(p ->
                assertThat(p.annotations()).containsEntry("runbook_url", "https://rb.example/cusum/?id=z+z&s=medium"));
    }

    @Test
    void theBodyIsAlertmanagersPostableAlerts() {
        final AlertmanagerAlerts alerts = new AlertmanagerAlerts(null);
        alerts.apply(event("a", AlertState.OPEN, "low", 0));
        assertThat(AlertmanagerClient.body(alerts.toPost(T0, TTL))).startsWith("[{\"labels\":{\"alert_id\":\"a\",\"alertname\":\"TidewatchDrift\"")
                .contains("\"startsAt\":\"2026-03-01T10:00:00Z\",\"endsAt\":\"2026-03-01T10:05:00Z\"");
    }
}
