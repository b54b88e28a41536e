package io.tidewatch.topology;

import java.util.List;

/**
 * Names of the topics the app reads and writes; every one is configurable. The control topic
 * carries operator commands keyed by segment and must have as many partitions as the scored
 * topic, so that a segment's commands reach the task that holds its state.
 */
public record Topics(String turns, String scored, String alerts, String stats, String deadLetters, String concepts,
                     String control) {

    public static final String DEFAULT_TURNS = "chat.turns";
    public static final String DEFAULT_SCORED = "tidewatch.scored";
    public static final String DEFAULT_ALERTS = "tidewatch.alerts";
    public static final String DEFAULT_STATS = "tidewatch.stats";
    public static final String DEFAULT_DEAD_LETTERS = "tidewatch.dlq";
    public static final String DEFAULT_CONCEPTS = "tidewatch.concepts";
    public static final String DEFAULT_CONTROL = "tidewatch.control";

    public static Topics defaults() {
        return new Topics(DEFAULT_TURNS, DEFAULT_SCORED, DEFAULT_ALERTS, DEFAULT_STATS, DEFAULT_DEAD_LETTERS, DEFAULT_CONCEPTS,
                DEFAULT_CONTROL);
    }

    /** Topics the app writes to or reads from that must exist before it starts. */
    public List<String> all() {
        return List.of(turns, scored, alerts, stats, deadLetters, control);
    }
}
