package io.tidewatch.topology;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.concept.ReplyScorer;
import java.time.Duration;
import java.util.ArrayList;
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
 * @param excerptRules   excerpt lengths for the turns of particular tenants, models or other labels,
 *                       the first that matches a turn taking the place of {@code excerptChars}
 */
public record ScoringSettings(int batchSize, Duration linger, List<String> segmentLabels, int excerptChars,
                              ReplyScorer.Mode mode, boolean carryEmbedding, Duration maxFutureSkew, Duration idleTimeout,
                              boolean scorePrompts, List<ExcerptRule> excerptRules) {

    /**
     * The excerpt length for turns whose {@code label} has {@code value}: a tenant's data
     * agreement, for example, may allow no text (0: ids only) or less than the rest.
     */
    public record ExcerptRule(String label, String value, int chars) {

        public ExcerptRule {
            if (chars < 0 || chars > MAX_EXCERPT_CHARS) {
                throw new IllegalArgumentException("excerpt length for " + label + "=" + value + " must be within 0.." + MAX_EXCERPT_CHARS
                        + ", got " + chars);
            }
        }

        /**
         * Rules written {@code label=value:chars}, comma-separated, e.g. {@code tenant=acme:0,tenant=globex:120};
         * blank for none.
         */
        public static List<ExcerptRule> parse(final String text) {
            final List<ExcerptRule> rules = new ArrayList<>();
            for (final String part : text.split(",")) {
                if (part.isBlank()) {
                    continue;
                }
                final int eq = part.indexOf('=');
                final int colon = part.lastIndexOf(':');
                if (eq <= 0 || colon < eq + 2 || colon == part.length() - 1) {
                    throw new IllegalArgumentException("'" + part.strip() + "' is not label=value:chars (for example tenant=acme:0)");
                }
                final int chars;
                try {
                    chars = Integer.parseInt(part.substring(colon + 1).strip());
                } catch (final NumberFormatException e) {
                    throw new IllegalArgumentException("'" + part.strip() + "' does not end in a number of characters");
                }
                rules.add(new ExcerptRule(part.substring(0, eq).strip(), part.substring(eq + 1, colon).strip(), chars));
            }
            return List.copyOf(rules);
        }
    }

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
        excerptRules = List.copyOf(excerptRules);
    }

    /** A turn's excerpt length: that of the first rule its labels match, else {@code excerptChars}. */
    public int excerptCharsFor(final ConversationTurn turn) {
        for (final ExcerptRule rule : excerptRules) {
            if (SegmentKey.labelValue(turn, rule.label()).equals(rule.value())) {
                return rule.chars();
            }
        }
        return excerptChars;
    }

    public static ScoringSettings defaults() {
        return new ScoringSettings(32, Duration.ofMillis(200), List.of("model"), MAX_EXCERPT_CHARS, ReplyScorer.Mode.SENTENCE, true,
                Duration.ofHours(1), Duration.ofSeconds(30), true, List.of());
    }
}
