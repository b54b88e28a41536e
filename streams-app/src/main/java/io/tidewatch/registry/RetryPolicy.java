package io.tidewatch.registry;

import java.time.Duration;

/** Retries of a registry call that got no answer: exponential back-off from {@code initialWait}, capped at {@code maxWait}. */
public record RetryPolicy(int maxRetries, Duration initialWait, Duration maxWait) {

    public RetryPolicy {
        if (maxRetries < 0 || initialWait.isNegative() || maxWait.compareTo(initialWait) < 0) {
            throw new IllegalArgumentException("retries must be >= 0 and 0 <= wait <= max wait, got " + maxRetries + ", " + initialWait + ", " + maxWait);
        }
    }

    /** The pause before retry number {@code retry} (0-based): initialWait * 2^retry, at most maxWait. */
    public Duration backoff(final int retry) {
        final long millis = initialWait.toMillis() << Math.min(retry, 30);
        return millis < 0 || millis > maxWait.toMillis() ? maxWait : Duration.ofMillis(millis);
    }
}
