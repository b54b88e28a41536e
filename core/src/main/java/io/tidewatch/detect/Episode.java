package io.tidewatch.detect;

/**
 * An open alert episode, as kept in state between buckets.
 *
 * @param alertId    deterministic id of the episode
 * @param start      event-time start of the episode's evidence, epoch ms
 * @param severity   the severity last reported (by OPEN or UPDATE)
 * @param lastUpdate event time of the last reported event, epoch ms
 * @param quietSince event time from which the statistic has stayed below the resolve level, or
 *                   null while it is above it
 */
public record Episode(String alertId, long start, int severity, long lastUpdate, Long quietSince) {

    Episode quiet(final Long since) {
        return new Episode(alertId, start, severity, lastUpdate, since);
    }
}
