package io.tidewatch.detect;

/** Lifecycle state of an alert episode after an {@link AlertEvent}. */
public enum LifecycleState {
    /** The episode starts. */
    OPEN,
    /** The episode's severity changed. */
    UPDATE,
    /** The episode ends. */
    RESOLVED,
    /** Not an episode: records an operator action, such as re-pinning a reference. */
    AUDIT
}
