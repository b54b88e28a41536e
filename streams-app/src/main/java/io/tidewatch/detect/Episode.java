package io.tidewatch.detect;

/**
 * An open alert episode, as kept in state between buckets.
 *
 * @param alertId    deterministic id of the episode
 * @param start      event-time start of the episode's evidence, epoch ms
 * @param severity   the severity last reported (by OPEN or UPDATE)
 * @param lastUpdate event time of the last reported event, epoch ms
 */
public record Episode(String alertId, long start, int severity, long lastUpdate) {
}
