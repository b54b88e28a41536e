package io.tidewatch.detect;

/**
 * One event in the life of an alert episode.
 *
 * @param alertId      deterministic id of the episode
 * @param state        state of the episode after this event
 * @param episodeStart event-time start of the episode's evidence, epoch ms
 * @param eventTime    event time at which this event was decided, epoch ms
 * @param statistic    detector statistic at {@code eventTime}
 * @param threshold    alarm threshold of the statistic
 * @param severity     1 at the threshold, one more per doubling of the statistic beyond it
 */
public record AlertEvent(
        String alertId,
        LifecycleState state,
        long episodeStart,
        long eventTime,
        double statistic,
        double threshold,
        int severity) {
}
