package io.tidewatch.stats;

/**
 * How much of a move in a concept's reply scores the move in the same replies' prompts predicts,
 * by the reference's least-squares line of reply score on prompt score: "did the users change,
 * or the model?". A topic surge (users ask about a subject and the model answers as it always
 * did) moves the prompts, and the line carries the move into the replies; a model that answers
 * the same prompts differently moves the replies off the line.
 *
 * @param observed  mean reply score of the evidence minus the reference's (on replies with scored prompts)
 * @param predicted what the prompts predict of it: slope × (mean prompt score of the evidence − the reference's)
 * @param modelZ    the rest (observed − predicted) over its standard error: the model's own move, standardised
 * @param replies   replies of the evidence whose prompt was scored
 */
public record PromptAttribution(double observed, double predicted, double modelZ, long replies) {

    /** Least z of the model's own move that keeps the model named as a cause: one-sided p ≈ 0.001. */
    public static final double MODEL_Z = 3.0;
    /** Least share of the move the prompts must predict to be named the only cause (with the model's own move within noise). */
    public static final double PROMPTS_ALONE = 0.5;
    /** Below this share of the move predicted by the prompts, the model is named the only cause. */
    public static final double PROMPTS_NONE = 0.25;
    /** The key of a finding's details that names the cause. */
    public static final String CAUSE = "cause";
    /** Fewest reference replies with scored prompts to fit the line from. */
    public static final long MIN_REFERENCE = 30;

    /** Who moved, in words subscribers can route on. */
    public enum Cause {
        /** The prompts predict the move and the rest is within noise: the users changed, the model did not. */
        PROMPTS("prompts"),
        /** The model moved beyond what the prompts predict, and the prompts predict a good part too. */
        PROMPTS_AND_MODEL("prompts-and-model"),
        /** The model moved; the prompts predict little of it. */
        MODEL("model");

        private final String label;

        Cause(final String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /**
     * The attribution of the evidence's move against the reference's line, or null when either has
     * too few replies with scored prompts, or the reference's prompts never varied.
     *
     * @param inflation how much wider than independent replies the evidence's mean varies (the
     *                  concept reference's bucket variance over σ²/n at its typical bucket size):
     *                  replies share topics and conversations, so the residual's error is widened
     *                  as the detectors widen theirs
     */
    public static PromptAttribution of(final PromptPairs reference, final PromptPairs evidence, final double inflation) {
        final PromptLine line = PromptLine.of(reference);
        if (line == null || evidence == null || evidence.count() < 2) {
            return null;
        }
        final double slope = line.slope();
        final double residualVariance = Math.max(0.0, reference.replySpread() - slope * reference.coSpread()) / (reference.count() - 2);
        final double promptMove = evidence.meanPrompt() - reference.meanPrompt();
        final double observed = evidence.meanReply() - reference.meanReply();
        final double predicted = slope * promptMove;
        // The residual mean's error: the evidence's and the reference's means (widened as buckets are), and the slope's error times the prompts' move.
        final double error = Math.sqrt(residualVariance * (Math.max(1.0, inflation) * (1.0 / evidence.count() + 1.0 / reference.count())
                + promptMove * promptMove / reference.promptSpread()));
        final double z = error > 0 ? (observed - predicted) / error : 0.0;
        return new PromptAttribution(observed, predicted, z, evidence.count());
    }

    /** The share of the observed move the prompts predict, in [0, 1]: 0 when they predict a move the other way. */
    public double promptShare() {
        if (observed == 0) {
            return 0.0;
        }
        return Math.min(1.0, Math.max(0.0, predicted / observed));
    }

    /**
     * Who moved, for a move in the direction of {@code sign} (+1 for an upper-side alert, −1 for a
     * lower-side one). The prompts alone only when they predict at least {@link #PROMPTS_ALONE} of
     * the move and the model's own move stays under {@link #MODEL_Z}; the model alone when the
     * prompts predict less than {@link #PROMPTS_NONE}, however short the evidence (a drift of the
     * model is never demoted for want of evidence); both otherwise.
     */
    public Cause cause(final int sign) {
        final double share = promptShare();
        if (share < PROMPTS_NONE) {
            return Cause.MODEL;
        }
        return share >= PROMPTS_ALONE && sign * modelZ < MODEL_Z ? Cause.PROMPTS : Cause.PROMPTS_AND_MODEL;
    }
}
