package io.tidewatch.detect;

import java.util.List;

/**
 * The incident an alert belongs to: the alerts of one segment whose episodes overlap in time,
 * taken as one cause and paged as one. An incident opens with its first alert and resolves with
 * its last; its id is derived from the segment and its first alert, so a replay gives the same.
 *
 * @param id             first 16 hex digits of SHA-256 over the segment and the first alert's id
 * @param state          the incident's state after this alert: OPEN with its first alert, RESOLVED
 *                       when this alert's episode was its last open one, UPDATE otherwise
 * @param primaryAlertId the alert that stands for the incident ({@link IncidentTrack#primary})
 * @param alertIds       every alert of the incident so far, in the order they joined
 */
public record Incident(String id, LifecycleState state, String primaryAlertId, List<String> alertIds) {

    public Incident {
        alertIds = List.copyOf(alertIds);
    }
}
