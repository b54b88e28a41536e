package io.tidewatch.report;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * One incident of the report: the episodes that share an incident id (one cause in one segment,
 * see DriftAlert.incident), active from its first episode's opening to its last one's close.
 *
 * @param primary the episode that stands for the incident: the one its last events named primary
 *                (the largest concept move), else its first
 */
record IncidentRow(String id, SortedMap<String, String> segment, Instant evidenceStart, Instant opened, Instant closed,
                   boolean resolved, EpisodeRow primary, List<EpisodeRow> episodes) {

    /** Severities from the most urgent; an unknown or empty one (alerts written before severities) ranks last. */
    private static final List<String> SEVERITIES = List.of("high", "medium", "low", "info");

    /** The incidents of {@code episodes}, most urgent first, then by opening time. */
    static List<IncidentRow> of(final List<EpisodeRow> episodes) {
        final Map<String, List<EpisodeRow>> byId = new LinkedHashMap<>();
        episodes.forEach(e -> byId.computeIfAbsent(e.incidentId(), id -> new ArrayList<>()).add(e));
        return byId.entrySet().stream().map(e -> of(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt((IncidentRow i) -> rank(i.severity())).thenComparing(IncidentRow::opened)).toList();
    }

    private static IncidentRow of(final String id, final List<EpisodeRow> episodes) {
        final EpisodeRow last = episodes.stream().max(Comparator.comparing(e -> e.peak().getEventTime())).orElseThrow();
        final EpisodeRow primary = episodes.stream().filter(e -> e.alertId().equals(last.primaryId())).findFirst().orElse(episodes.get(0));
        return new IncidentRow(id, episodes.get(0).segment(),
                episodes.stream().map(EpisodeRow::evidenceStart).min(Comparator.naturalOrder()).orElseThrow(),
                episodes.stream().map(EpisodeRow::opened).min(Comparator.naturalOrder()).orElseThrow(),
                episodes.stream().map(EpisodeRow::closed).max(Comparator.naturalOrder()).orElseThrow(),
                episodes.stream().allMatch(EpisodeRow::resolved), primary, List.copyOf(episodes));
    }

    /** The most urgent severity any of its episodes reached at its peak. */
    String severity() {
        return episodes.stream().map(e -> e.peak().getSeverity()).min(Comparator.comparingInt(IncidentRow::rank)).orElse("");
    }

    private static int rank(final String severity) {
        final int at = SEVERITIES.indexOf(severity);
        return at < 0 ? SEVERITIES.size() : at;
    }
}
