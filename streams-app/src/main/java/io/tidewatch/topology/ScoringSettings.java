package io.tidewatch.topology;

import io.tidewatch.concept.ReplyScorer;
import java.time.Duration;
import java.util.List;

/**
 * How the score stage batches, scores and labels replies.
 *
 * @param batchSize      replies per embedding batch; a full buffer is embedded at once
 * @param linger         longest a buffered reply waits (wall clock) before a partial batch is embedded
 * @param segmentLabels  labels that make up a segment: model, tenant, locale, or any attribute name
 * @param excerptChars   length of the reply excerpt carried to alerts; 0 carries ids only
 * @param mode           whether concepts are scored per reply or per sentence
 * @param carryEmbedding whether scored turns carry the reply embedding (for the unexplained-shift detector)
 * @param maxFutureSkew  how far a turn's event time may lie after its record's timestamp; a turn
 *                       dated further ahead (a producer's clock bug) is dead-lettered, because it
 *                       would close every open bucket of its segment at once
 * @param idleTimeout    how long (wall clock) a score task's input must stay empty before it
 *                       declares itself idle, so that detect tasks stop waiting for its event time
 * @param scorePrompts   whether prompts are embedded whole and scored on the catalog too, so that
 *                       alerts can say how much of a move the prompts predict
 */
public record ScoringSettings(int batchSize, Duration linger, List<String> segmentLabels, int excerptChars,
                              ReplyScorer.Mode mode, boolean carryEmbedding, Duration maxFutureSkew, Duration idleTimeout,
                              boolean scorePrompts) {

    public static final int MAX_EXCERPT_CHARS = 280;

    public ScoringSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (linger.isNegative() || linger.isZero()) {
            throw new IllegalArgumentException("batch linger must be positive, got " + linger);
        }
        if (segmentLabels.isEmpty()) {
            throw new IllegalArgumentException("at least one segment label is needed (for example model)");
        }
        if (excerptChars < 0 || excerptChars > MAX_EXCERPT_CHARS) {
            throw new IllegalArgumentException("excerpt length must be within 0.." + MAX_EXCERPT_CHARS + ", got " + excerptChars);
        }
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maximum future skew must not be negative, got " + maxFutureSkew);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("source idle timeout must be positive, got " + idleTimeout);
        }
        segmentLabels = List.copyOf(segmentLabels);
    }

    public static ScoringSettings defaults() {
        return new ScoringSettings(32, Duration.ofMillis(200), List.of("model"), MAX_EXCERPT_CHARS, ReplyScorer.Mode.SENTENCE, true,
                Duration.ofHours(1), Duration.ofSeconds(30), true);
    }
}
