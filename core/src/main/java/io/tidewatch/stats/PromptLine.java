package io.tidewatch.stats;

/**
 * The reference's least-squares line of a concept's reply score y on the same concept's score x
 * of the reply's prompt, and the score the detectors judge once a reference has it: the
 * <b>prompt-adjusted score</b> a = y − slope·(x − promptMean), the reply's score less what its
 * prompt predicts. A reply whose prompt was not scored keeps its score (a = y).
 *
 * <p>Replies to prompts about a subject score higher on a concept about that subject, whatever
 * the model's stance: the night's personal questions, a tenant's burst of one topic, a news
 * surge. Such moves of the users shift y and x together, along the line, and leave a in place;
 * a model that answers the same prompts differently moves a. The line is fitted over the
 * calibration period, so a is centred on the reference's mean: over the calibration's prompted
 * replies, Σa = Σy.
 *
 * @param slope      least-squares slope of reply score on prompt score over the calibration
 * @param promptMean mean prompt score over the calibration's prompted replies
 */
public record PromptLine(double slope, double promptMean) {

    /**
     * The line of {@code calibration}'s prompt pairs, or null when fewer than
     * {@link PromptAttribution#MIN_REFERENCE} replies had their prompt scored or the prompts'
     * scores never varied.
     */
    public static PromptLine of(final PromptPairs calibration) {
        if (calibration == null || calibration.count() < PromptAttribution.MIN_REFERENCE || calibration.promptSpread() <= 0) {
            return null;
        }
        return new PromptLine(calibration.coSpread() / calibration.promptSpread(), calibration.meanPrompt());
    }

    /**
     * The sums of the adjusted scores of replies whose scores sum to {@code replies} and whose
     * prompted part sums to {@code prompts} (a subset of the same replies).
     */
    public Moments adjust(final Moments replies, final PromptPairs prompts) {
        if (prompts == null || prompts.count() == 0) {
            return replies;
        }
        final double b = slope;
        final double m = prompts.count();
        // a = y − b·(x − x̄) on the prompted replies: Σa = Σy − b·(Σx − m·x̄);
        // Σa² = Σy² − 2b·(Σxy − x̄·Σy_prompted) + b²·(Σx² − 2x̄·Σx + m·x̄²).
        final double centredPrompt = prompts.sumPrompt() - m * promptMean;
        final double centredProducts = prompts.sumProducts() - promptMean * prompts.sumReply();
        final double centredSquares = prompts.sumPromptSquares() - 2 * promptMean * prompts.sumPrompt() + m * promptMean * promptMean;
        return new Moments(replies.count(), replies.sum() - b * centredPrompt,
                Math.max(0.0, replies.sumSquares() - 2 * b * centredProducts + b * b * centredSquares));
    }
}
