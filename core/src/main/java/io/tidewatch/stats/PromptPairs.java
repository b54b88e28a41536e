package io.tidewatch.stats;

/**
 * Sums over replies of a concept's score on the prompt (x) and on the reply (y): enough for the
 * least-squares line of reply score on prompt score, which says how much of a move in the replies
 * a move in the prompts predicts. Merging is plain addition, like {@link Moments}.
 *
 * @param count             replies whose prompt was scored
 * @param sumPrompt         Σx
 * @param sumReply          Σy
 * @param sumPromptSquares  Σx²
 * @param sumProducts       Σxy
 * @param sumReplySquares   Σy²
 */
public record PromptPairs(long count, double sumPrompt, double sumReply, double sumPromptSquares, double sumProducts,
                          double sumReplySquares) {

    private static final PromptPairs EMPTY = new PromptPairs(0, 0, 0, 0, 0, 0);

    /** No replies. */
    public static PromptPairs empty() {
        return EMPTY;
    }

    /** These sums with one more reply, scored {@code prompt} on its prompt and {@code reply} on itself. */
    public PromptPairs plus(final double prompt, final double reply) {
        return new PromptPairs(count + 1, sumPrompt + prompt, sumReply + reply, sumPromptSquares + prompt * prompt,
                sumProducts + prompt * reply, sumReplySquares + reply * reply);
    }

    /** The sums of both sets of replies; null (state written before prompts were scored) counts as none. */
    public PromptPairs merge(final PromptPairs other) {
        if (other == null || other.count == 0) {
            return this;
        }
        return new PromptPairs(count + other.count, sumPrompt + other.sumPrompt, sumReply + other.sumReply,
                sumPromptSquares + other.sumPromptSquares, sumProducts + other.sumProducts, sumReplySquares + other.sumReplySquares);
    }

    public double meanPrompt() {
        return sumPrompt / count;
    }

    public double meanReply() {
        return sumReply / count;
    }

    /** Σ(x − x̄)². */
    double promptSpread() {
        return Math.max(0.0, sumPromptSquares - sumPrompt * sumPrompt / count);
    }

    /** Σ(x − x̄)(y − ȳ). */
    double coSpread() {
        return sumProducts - sumPrompt * sumReply / count;
    }

    /** Σ(y − ȳ)². */
    double replySpread() {
        return Math.max(0.0, sumReplySquares - sumReply * sumReply / count);
    }
}
