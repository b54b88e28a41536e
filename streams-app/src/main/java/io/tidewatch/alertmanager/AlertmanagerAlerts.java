package io.tidewatch.alertmanager;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The alerts tidewatch keeps in Alertmanager, from the events of the alerts topic: one per open
 * episode, identified by labels that stay the same for the episode's life (its alert id, its
 * incident's id, detector, concept, segment labels and severity), so that Alertmanager, which
 * deduplicates on labels, holds one alert per episode however often it is posted (keep-alives,
 * restarts, a replay of the topic); routes that group by {@code incident_id} page once per incident.
 *
 * <p>An UPDATE that keeps the severity changes only annotations: nothing new pages. One that
 * changes it ends the alert of the old severity and starts one of the new, so that routes by
 * severity see the escalation. RESOLVED ends the alert. AUDIT events (operator actions) are not
 * pages and are not sent. Ends are kept until a post has delivered them.
 */
public final class AlertmanagerAlerts {

    /** The alert name every tidewatch alert carries in Alertmanager. */
    public static final String ALERT_NAME = "TidewatchDrift";
    /** Prefix of the labels that carry the segment's labels, so that they never collide with the others. */
    public static final String SEGMENT_PREFIX = "segment_";

    /** One alert as Alertmanager's v2 API takes it; {@code endsAt} null while it is open. */
    public record Posted(Map<String, String> labels, Map<String, String> annotations, Instant startsAt, Instant endsAt) {

        Posted endingAt(final Instant end) {
            return new Posted(labels, annotations, startsAt, end);
        }
    }

    private final String runbookTemplate;
    private final Map<String, Posted> open = new LinkedHashMap<>();
    private final List<Posted> ending = new ArrayList<>();

    /**
     * @param runbookTemplate the runbook URL of every alert, with {@code {detector}}, {@code {concept}},
     *                        {@code {severity}} and {@code {alert_id}} replaced (URL-encoded); null for none
     */
    public AlertmanagerAlerts(final String runbookTemplate) {
        this.runbookTemplate = runbookTemplate;
    }

    /**
     * Applies one event of the alerts topic.
     *
     * @return whether Alertmanager must hear of it at once: an alert started, ended or changed
     *         severity (an UPDATE that changes only annotations waits for the next keep-alive)
     */
    public boolean apply(final DriftAlert event) {
        final String id = event.getAlertId();
        final Instant at = event.getEventTime();
        final Posted before = open.get(id);
        if (event.getState() == AlertState.AUDIT) {
            return false;
        }
        if (event.getState() == AlertState.RESOLVED) {
            if (before == null) {
                return false;
            }
            open.remove(id);
            ending.add(before.endingAt(at));
            return true;
        }
        final Map<String, String> labels = labels(event);
        if (before != null && before.labels().equals(labels)) {
            open.put(id, new Posted(labels, annotations(event), before.startsAt(), null));
            return false;
        }
        if (before != null) {
            ending.add(before.endingAt(at));
        }
        // Back to a severity it had before: the alert of those labels is open again, not ending.
        ending.removeIf(e -> e.labels().equals(labels));
        open.put(id, new Posted(labels, annotations(event), at, null));
        return true;
    }

    /**
     * What to post now: every open alert, kept alive until {@code now + ttl} (Alertmanager
     * resolves an alert whose end passes, which is what happens if this bridge stops), and every
     * end not yet delivered, at the earlier of its event time and now.
     */
    public List<Posted> toPost(final Instant now, final Duration ttl) {
        final List<Posted> posts = new ArrayList<>();
        ending.forEach(e -> posts.add(e.endsAt().isAfter(now) ? e.endingAt(now) : e));
        open.values().forEach(o -> posts.add(o.endingAt(now.plus(ttl))));
        return posts;
    }

    /** The ends among {@code posted} reached Alertmanager: they need not be sent again. */
    public void delivered(final List<Posted> posted) {
        ending.removeIf(e -> posted.stream().anyMatch(p -> p.labels().equals(e.labels()) && !p.endsAt().isAfter(e.endsAt())));
    }

    /** Open episodes. */
    public int openCount() {
        return open.size();
    }

    /** Ends waiting to be delivered. */
    public int endingCount() {
        return ending.size();
    }

    private static Map<String, String> labels(final DriftAlert event) {
        final Map<String, String> labels = new TreeMap<>();
        labels.put("alertname", ALERT_NAME);
        labels.put("alert_id", event.getAlertId());
        labels.put("detector", event.getDetector());
        if (event.getConcept() != null) {
            labels.put("concept", event.getConcept());
        }
        labels.put("severity", event.getSeverity());
        if (event.getIncident() != null) {
            labels.put("incident_id", event.getIncident().getIncidentId());
        }
        event.getSegment().forEach((name, value) -> labels.put(SEGMENT_PREFIX + labelName(name), value));
        return labels;
    }

    /** Alertmanager's label names are [a-zA-Z_][a-zA-Z0-9_]*; a segment label's other characters become '_'. */
    static String labelName(final String name) {
        return name.replaceAll("[^a-zA-Z0-9_]", "_");
    }

    private Map<String, String> annotations(final DriftAlert event) {
        final Map<String, String> annotations = new TreeMap<>();
        annotations.put("summary", event.getMessage());
        annotations.put("description", evidence(event));
        if (runbookTemplate != null) {
            annotations.put("runbook_url", runbookTemplate.replace("{detector}", encode(event.getDetector()))
                    .replace("{concept}", encode(event.getConcept() == null ? "" : event.getConcept()))
                    .replace("{severity}", encode(event.getSeverity())).replace("{alert_id}", encode(event.getAlertId())));
        }
        return annotations;
    }

    /** The size of the move and the first exemplar, as a person reads them. */
    private static String evidence(final DriftAlert event) {
        final StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "statistic %.1f against threshold %.1f; effect %.2f "
                + "reference spreads over %d replies since %s", event.getStatistic(), event.getThreshold(), event.getEffectSize(),
                event.getSampleCount(), event.getWindowStart()));
        final String cause = event.getDetails().get("cause");
        if (cause != null) {
            text.append("; who moved: ").append(cause);
        }
        if (!event.getExemplars().isEmpty()) {
            final Exemplar first = event.getExemplars().get(0);
            final String shown = first.getSentence() != null ? first.getSentence() : first.getExcerpt();
            text.append(". Evidence: conversation ").append(first.getConversationId()).append(", turn ").append(first.getTurn());
            if (shown != null) {
                text.append(": \u201c").append(shown).append('\u201d');
            }
        }
        return text.toString();
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
