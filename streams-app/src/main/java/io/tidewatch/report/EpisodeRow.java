package io.tidewatch.report;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.IncidentRef;
import io.tidewatch.avro.ShiftDescription;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One alert episode: the events sharing an alert_id. It is active from its OPEN to its RESOLVED
 * event, or to the end of the report if never resolved; its evidence starts earlier, at the
 * episode's window_start.
 *
 * @param peak        the event with the largest statistic, whose numbers and exemplars stand for the episode
 * @param description the latest description of an unexplained shift (its verdict on later replies comes in later
 *                    events than the peak, often); null for other detectors
 * @param incidentId  the incident the episode belongs to; its own alert id in alerts written before incidents
 * @param primaryId   the incident's primary alert as of the episode's last event; its own alert id without incidents
 */
record EpisodeRow(String alertId, String detector, String concept, SortedMap<String, String> segment,
               Instant evidenceStart, Instant opened, Instant closed, boolean resolved, DriftAlert peak, ShiftDescription description,
               String incidentId, String primaryId) {

    static final String UNEXPLAINED_SHIFT = "unexplained-shift";

    /**
     * The episodes of {@code alerts}, by opening time. AUDIT events (operator actions) are not
     * episodes and are left out. An episode seen without its OPEN (the input began mid-episode)
     * opens at its first event.
     */
    static List<EpisodeRow> of(final List<DriftAlert> alerts, final Instant reportEnd) {
        final Map<String, List<DriftAlert>> byId = new LinkedHashMap<>();
        alerts.stream().filter(a -> a.getState() != AlertState.AUDIT)
                .forEach(a -> byId.computeIfAbsent(a.getAlertId(), id -> new ArrayList<>()).add(a));
        return byId.values().stream().map(events -> fromEvents(events, reportEnd))
                .sorted(Comparator.comparing(EpisodeRow::opened).thenComparing(EpisodeRow::alertId)).toList();
    }

    private static EpisodeRow fromEvents(final List<DriftAlert> events, final Instant reportEnd) {
        events.sort(Comparator.comparing(DriftAlert::getEventTime));
        final DriftAlert first = events.get(0);
        final DriftAlert last = events.get(events.size() - 1);
        final Instant opened = events.stream().filter(e -> e.getState() == AlertState.OPEN)
                .map(DriftAlert::getEventTime).findFirst().orElse(first.getEventTime());
        final boolean resolved = last.getState() == AlertState.RESOLVED;
        final Instant closed = resolved || last.getEventTime().isAfter(reportEnd) ? last.getEventTime() : reportEnd;
        final Instant evidenceStart = events.stream().map(DriftAlert::getWindowStart)
                .min(Comparator.naturalOrder()).orElseThrow();
        final DriftAlert peak = events.stream().max(Comparator.comparingDouble(DriftAlert::getStatistic)).orElseThrow();
        final ShiftDescription description = events.stream().map(DriftAlert::getDescription).filter(Objects::nonNull)
                .reduce((earlier, later) -> later).orElse(null);
        final IncidentRef incident = events.stream().map(DriftAlert::getIncident).filter(Objects::nonNull)
                .reduce((earlier, later) -> later).orElse(null);
        return new EpisodeRow(first.getAlertId(), first.getDetector(), first.getConcept(),
                new TreeMap<>(first.getSegment()), evidenceStart, opened, closed, resolved, peak, description,
                incident == null ? first.getAlertId() : incident.getIncidentId(),
                incident == null ? first.getAlertId() : incident.getPrimaryAlertId());
    }

    /** Raised on a concept chart: a concept detector's episode of that concept in that segment. */
    boolean concerns(final Track track) {
        return segment.equals(track.segment()) && Objects.equals(concept, track.concept());
    }

    /** A segment-wide episode (no concept, e.g. an unexplained shift), shown on all its charts. */
    boolean spans(final Track track) {
        return concept == null && segment.equals(track.segment());
    }

    boolean unexplainedShift() {
        return concept == null && UNEXPLAINED_SHIFT.equals(detector);
    }
}
