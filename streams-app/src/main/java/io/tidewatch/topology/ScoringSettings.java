package io.tidewatch.topology;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.stats.Hashing;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

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
 * @param sampleRate     share of conversations whose turns are embedded and scored (0..1); the rest
 *                       are counted as seen and go no further. Which conversations, a hash of their
 *                       id decides ({@link Hashing#sampled}), so a replay scores the same ones
 * @param sampleRules    sample rates for the turns of particular tenants, models or other labels,
 *                       the first that matches a turn taking the place of {@code sampleRate}
 */
public record ScoringSettings(int batchSize, Duration linger, List<String> segmentLabels, int excerptChars,
                              ReplyScorer.Mode mode, boolean carryEmbedding, Duration maxFutureSkew, Duration idleTimeout,
                              boolean scorePrompts, List<LabelRule<Integer>> excerptRules, double sampleRate,
                              List<LabelRule<Double>> sampleRules) {

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
        checkExcerpt(excerptChars);
        if (maxFutureSkew.isNegative()) {
            throw new IllegalArgumentException("maximum future skew must not be negative, got " + maxFutureSkew);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("source idle timeout must be positive, got " + idleTimeout);
        }
        checkRate(sampleRate);
        segmentLabels = List.copyOf(segmentLabels);
        excerptRules = List.copyOf(excerptRules);
        sampleRules = List.copyOf(sampleRules);
    }

    /** Excerpt rules written {@code label=value:chars}, comma-separated, e.g. {@code tenant=acme:0,tenant=globex:120}. */
    public static List<LabelRule<Integer>> excerptRules(final String text) {
        return LabelRule.parse(text, "tenant=acme:0",
                chars -> checkExcerpt(number(chars, Integer::valueOf, "the excerpt length is not a whole number of characters")));
    }

    /** Sample-rate rules written {@code label=value:rate}, comma-separated, e.g. {@code tenant=acme:0.1,tenant=test:0}. */
    public static List<LabelRule<Double>> sampleRules(final String text) {
        return LabelRule.parse(text, "tenant=acme:0.1", rate -> checkRate(number(rate, Double::valueOf, "the sample rate is not a number")));
    }

    private static <T> T number(final String text, final Function<String, T> parser, final String notANumber) {
        try {
            return parser.apply(text);
        } catch (final NumberFormatException e) {
            throw new IllegalArgumentException(notANumber);
        }
    }

    private static int checkExcerpt(final int chars) {
        if (chars < 0 || chars > MAX_EXCERPT_CHARS) {
            throw new IllegalArgumentException("excerpt length must be within 0.." + MAX_EXCERPT_CHARS + ", got " + chars);
        }
        return chars;
    }

    private static double checkRate(final double rate) {
        if (!(rate >= 0.0 && rate <= 1.0)) {
            throw new IllegalArgumentException("sample rate must be within 0..1, got " + rate);
        }
        return rate;
    }

    /** A turn's excerpt length: that of the first rule its labels match, else {@code excerptChars}. */
    public int excerptCharsFor(final ConversationTurn turn) {
        return LabelRule.first(excerptRules, turn, excerptChars);
    }

    /** A turn's sample rate: that of the first rule its labels match, else {@code sampleRate}. */
    public double sampleRateFor(final ConversationTurn turn) {
        return LabelRule.first(sampleRules, turn, sampleRate);
    }

    /** Whether the turn's conversation is in its sample, so that the turn is embedded and scored. */
    public boolean sampled(final ConversationTurn turn) {
        return Hashing.sampled(turn.getConversationId(), sampleRateFor(turn));
    }

    /** These settings with prompts scored or not. */
    public ScoringSettings withScorePrompts(final boolean score) {
        return new ScoringSettings(batchSize, linger, segmentLabels, excerptChars, mode, carryEmbedding, maxFutureSkew, idleTimeout, score,
                excerptRules, sampleRate, sampleRules);
    }

    /** These settings with other excerpt rules. */
    public ScoringSettings withExcerptRules(final List<LabelRule<Integer>> rules) {
        return new ScoringSettings(batchSize, linger, segmentLabels, excerptChars, mode, carryEmbedding, maxFutureSkew, idleTimeout,
                scorePrompts, rules, sampleRate, sampleRules);
    }

    /** These settings with another sample rate and rules. */
    public ScoringSettings withSampling(final double rate, final List<LabelRule<Double>> rules) {
        return new ScoringSettings(batchSize, linger, segmentLabels, excerptChars, mode, carryEmbedding, maxFutureSkew, idleTimeout,
                scorePrompts, excerptRules, rate, rules);
    }

    public static ScoringSettings defaults() {
        return new ScoringSettings(32, Duration.ofMillis(200), List.of("model"), MAX_EXCERPT_CHARS, ReplyScorer.Mode.SENTENCE, true,
                Duration.ofHours(1), Duration.ofSeconds(30), true, List.of(), 1.0, List.of());
    }
}
