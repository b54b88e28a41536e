package io.tidewatch.detect;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The pure state machine that turns a detector statistic, bucket by bucket, into alert episodes:
 * OPEN when the statistic crosses the threshold, UPDATE (rate-limited) when its severity changes,
 * RESOLVED once it has stayed below a fraction of the threshold for a while. The hysteresis
 * between the two levels, and the wait below the lower one, keep an episode from flapping.
 */
public final class AlertLifecycle {

    private static final int ID_BYTES = 8;

    private AlertLifecycle() {
    }

    /**
     * Tuning of the lifecycle.
     *
     * @param resolveFraction the episode resolves when the statistic falls below this fraction of
     *                        the threshold; in [0, 1)
     * @param updateInterval  minimum event time, in ms, between two events of one episode
     * @param resolveAfter    event time, in ms, the statistic must stay below the resolve level
     *                        before the episode resolves; 0 resolves at the first judgement below it
     */
    public record Settings(double resolveFraction, long updateInterval, long resolveAfter) {

        /** Validates the ranges. */
        public Settings {
            if (!(resolveFraction >= 0.0 && resolveFraction < 1.0)) {
                throw new IllegalArgumentException("resolveFraction must be in [0, 1), got " + resolveFraction);
            }
            if (updateInterval < 0 || resolveAfter < 0) {
                throw new IllegalArgumentException("updateInterval and resolveAfter must not be negative, got "
                        + updateInterval + " and " + resolveAfter);
            }
        }

        /** Resolve after 10 minutes below half the threshold; update at most every 10 minutes. */
        public static Settings defaults() {
            return new Settings(0.5, 600_000L, 600_000L);
        }
    }

    /**
     * The outcome of one step.
     *
     * @param next  the episode after the step, or null if none is open
     * @param event the event to emit, if any
     */
    public record Transition(Episode next, Optional<AlertEvent> event) {
    }

    /**
     * Advances the lifecycle of one stream by one bucket.
     *
     * @param current     the open episode, or null
     * @param streamId    identifies the monitored stream (detector, concept, segment)
     * @param eventTime   event time of the bucket's decision, epoch ms
     * @param windowStart event-time start of the current evidence, the episode start if one opens
     * @param statistic   detector statistic, finite
     * @param threshold   alarm threshold, positive and finite
     * @param s           lifecycle settings
     */
    public static Transition step(final Episode current, final String streamId, final long eventTime,
            final long windowStart, final double statistic, final double threshold, final Settings s) {
        if (!Double.isFinite(statistic) || !(threshold > 0.0) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException(
                    "need a finite statistic and a positive finite threshold, got " + statistic + ", " + threshold);
        }
        if (current == null) {
            return statistic > threshold
                    ? open(streamId, eventTime, windowStart, statistic, threshold)
                    : new Transition(null, Optional.empty());
        }
        if (statistic < s.resolveFraction() * threshold) {
            final long quietSince = current.quietSince() == null ? eventTime : current.quietSince();
            return eventTime - quietSince >= s.resolveAfter()
                    ? new Transition(null, Optional.of(event(current, LifecycleState.RESOLVED, eventTime, statistic, threshold)))
                    : new Transition(current.quiet(quietSince), Optional.empty());
        }
        return maybeUpdate(current.quietSince() == null ? current : current.quiet(null), eventTime, statistic, threshold, s);
    }

    /**
     * An UPDATE of an open episode that reports news other than its severity (the verdict of a
     * check on later replies), whenever it comes: news is rare, and a subscriber waiting for it
     * should not wait out the update interval. The severity stays as last reported.
     */
    public static Transition news(final Episode current, final long eventTime, final double statistic, final double threshold) {
        final Episode next = new Episode(current.alertId(), current.start(), current.severity(), eventTime, current.quietSince());
        return new Transition(next, Optional.of(event(next, LifecycleState.UPDATE, eventTime, statistic, threshold)));
    }

    /**
     * Ends an open episode regardless of the statistic, e.g. because the reference it was judged
     * against has been replaced. The event reports statistic and threshold as 0.
     */
    public static AlertEvent resolve(final Episode current, final long eventTime) {
        return event(current, LifecycleState.RESOLVED, eventTime, 0.0, 0.0);
    }

    /**
     * The id of the episode of {@code streamId} starting at {@code episodeStart}: the first 16 hex
     * digits of SHA-256 over {@code streamId + "|" + episodeStart}, so a replay yields the same ids.
     */
    public static String alertId(final String streamId, final long episodeStart) {
        final byte[] digest = sha256().digest((streamId + "|" + episodeStart).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, ID_BYTES);
    }

    /**
     * The severity of a statistic at or above the threshold: 1 + floor(log2(statistic / threshold)).
     */
    static int severity(final double statistic, final double threshold) {
        // floor(log2 r) of a normal double r ≥ 1 is exactly its binary exponent.
        return 1 + Math.getExponent(statistic / threshold);
    }

    private static Transition open(final String streamId, final long eventTime, final long windowStart,
            final double statistic, final double threshold) {
        final Episode episode = new Episode(
                alertId(streamId, windowStart), windowStart, severity(statistic, threshold), eventTime, null);
        return new Transition(episode, Optional.of(
                event(episode, LifecycleState.OPEN, eventTime, statistic, threshold)));
    }

    private static Transition maybeUpdate(final Episode current, final long eventTime, final double statistic,
            final double threshold, final Settings s) {
        // Below the threshold (but above the resolve level) the reported severity is held.
        final int severity = statistic >= threshold ? severity(statistic, threshold) : current.severity();
        if (severity == current.severity() || eventTime - current.lastUpdate() < s.updateInterval()) {
            return new Transition(current, Optional.empty());
        }
        final Episode next = new Episode(current.alertId(), current.start(), severity, eventTime, null);
        return new Transition(next, Optional.of(
                event(next, LifecycleState.UPDATE, eventTime, statistic, threshold)));
    }

    private static AlertEvent event(final Episode episode, final LifecycleState state, final long eventTime,
            final double statistic, final double threshold) {
        return new AlertEvent(
                episode.alertId(), state, episode.start(), eventTime, statistic, threshold, episode.severity());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
