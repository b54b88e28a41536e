package io.tidewatch.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A segment's open incident, kept in its {@link SegmentState}: the alerts that joined it and
 * whether each is still open.
 *
 * <p>The rule is "same segment, overlapping in time": an alert that opens while the segment has
 * an open incident joins it. The five shipped concepts lift each other by 0.40 to 0.85 of their
 * own lift (docs/concepts.md), so one cause that moves one concept far enough moves its
 * neighbours past their thresholds too, and a drift of the model is usually seen by the
 * unexplained-shift test as well; they are one cause, paged once. Two unrelated causes in one
 * segment at once are merged too: telling them apart needs the direction of each move, which is
 * not done yet.
 */
public final class IncidentTrack {

    /** One alert of the incident: its concept (null for a segment-wide shift), whether its episode is open, and its last effect size. */
    public record Member(String concept, boolean open, double effect) {
    }

    public String id;
    /** By alert id, in the order they joined. */
    public LinkedHashMap<String, Member> members = new LinkedHashMap<>();

    public IncidentTrack() {
    }

    private IncidentTrack(final String id) {
        this.id = id;
    }

    /** Assigns {@code alert} to the segment's incident, opening one if none is open; null for audit records. */
    static Incident assign(final SegmentState state, final Alert alert) {
        final AlertEvent event = alert.event();
        if (event.state() == LifecycleState.AUDIT) {
            return null;
        }
        final LifecycleState incidentState;
        if (state.incident == null) {
            state.incident = new IncidentTrack(AlertLifecycle.alertId("incident|" + state.segmentKey + "|" + event.alertId(), event.episodeStart()));
            incidentState = LifecycleState.OPEN;
        } else {
            incidentState = LifecycleState.UPDATE;
        }
        final IncidentTrack track = state.incident;
        final boolean open = event.state() != LifecycleState.RESOLVED;
        track.members.put(event.alertId(), new Member(alert.finding().concept(), open, Math.abs(alert.finding().effectSize())));
        final boolean last = track.members.values().stream().noneMatch(Member::open);
        if (last) {
            state.incident = null;
        }
        return new Incident(track.id, last ? LifecycleState.RESOLVED : incidentState, track.primary(), new ArrayList<>(track.members.keySet()));
    }

    /**
     * The alert that stands for the incident: among the open ones (all, once none is), a concept
     * alert before an unexplained shift, which names no direction, and the largest effect size
     * first. A concept that moved only because it shares a direction with the cause moves by a
     * fraction of it (its overlap), so the cause's concept usually has the largest effect.
     */
    String primary() {
        final boolean anyOpen = members.values().stream().anyMatch(Member::open);
        return members.entrySet().stream().filter(e -> !anyOpen || e.getValue().open())
                .max(Comparator.comparing((Map.Entry<String, Member> e) -> e.getValue().concept() != null)
                        .thenComparingDouble(e -> e.getValue().effect()))
                .map(Map.Entry::getKey).orElseThrow();
    }
}
