package io.tidewatch.testkit;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/** Waits for a condition, within a bound; never asserts how long anything took. */
public final class Await {

    private static final long POLL_MILLIS = 250;

    private Await() {
    }

    /**
     * Reads {@code state} until {@code done} accepts it and returns that state. Past {@code bound}
     * it fails, naming the condition and the last state seen.
     */
    public static <T> T until(final String condition, final Duration bound, final Supplier<T> state, final Predicate<T> done)
            throws InterruptedException {
        final long deadline = System.nanoTime() + bound.toNanos();
        T last = state.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still waiting, after " + bound + ", until " + condition + "; last seen: " + last);
            }
            Thread.sleep(POLL_MILLIS);
            last = state.get();
        }
        return last;
    }
}
