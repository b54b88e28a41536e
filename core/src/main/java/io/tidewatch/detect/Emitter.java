package io.tidewatch.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Steps the alert lifecycle of one segment's streams with their findings and collects the
 * alerts, each assigned to the segment's incident ({@link IncidentTrack}) as it is raised.
 */
final class Emitter {

    private final SegmentState state;
    private final String segmentKey;
    private final AlertLifecycle.Settings lifecycle;
    private final List<Alert> alerts = new ArrayList<>();

    Emitter(final SegmentState state, final AlertLifecycle.Settings lifecycle) {
        this.state = state;
        this.segmentKey = state.segmentKey;
        this.lifecycle = lifecycle;
    }

    private void add(final Alert alert) {
        alerts.add(new Alert(alert.event(), alert.segmentKey(), alert.windowEnd(), alert.finding(), IncidentTrack.assign(state, alert)));
    }

    /** Advances the stream of {@code finding} from its {@code current} episode; returns the next. */
    Episode step(final Episode current, final Finding finding, final long eventTime) {
        final AlertLifecycle.Transition transition = AlertLifecycle.step(current, finding.streamId(segmentKey), eventTime,
                finding.windowStart(), finding.statistic(), finding.threshold(), lifecycle);
        transition.event().ifPresent(event -> add(new Alert(event, segmentKey, eventTime, finding)));
        return transition.next();
    }

    /** Reports news on the open episode {@code current} with an UPDATE; returns the next episode. */
    Episode news(final Episode current, final Finding finding, final long eventTime) {
        final AlertLifecycle.Transition transition = AlertLifecycle.news(current, eventTime, finding.statistic(), finding.threshold());
        transition.event().ifPresent(event -> add(new Alert(event, segmentKey, eventTime, finding)));
        return transition.next();
    }

    /** Ends {@code current}, if open, because of {@code cause}; returns null, the next episode. */
    Episode resolve(final Episode current, final Finding cause, final long eventTime) {
        if (current != null) {
            add(new Alert(AlertLifecycle.resolve(current, eventTime), segmentKey, eventTime, cause));
        }
        return null;
    }

    /** Records an event that belongs to no episode, such as an audit record. */
    void record(final AlertEvent event, final long windowEnd, final Finding finding) {
        alerts.add(new Alert(event, segmentKey, windowEnd, finding));
    }

    List<Alert> alerts() {
        return List.copyOf(alerts);
    }
}
