package io.tidewatch.detect;

import io.tidewatch.stats.Moments;
import io.tidewatch.stats.PromptPairs;
import io.tidewatch.stats.Reference;

/**
 * One concept's part of a closed bucket; reference and detector fields are null while calibrating.
 *
 * @param prompts the prompt and reply scores of the bucket's replies whose prompt was scored
 */
public record ConceptBucket(String concept, Moments moments, Reference reference, Double standardized,
                            Double cusum, Double threshold, PromptPairs prompts) {

    public ConceptBucket {
        prompts = prompts == null ? PromptPairs.empty() : prompts;
    }

    /**
     * The mean of the score the detectors judged the bucket by ({@link Reference#judged}): the
     * prompt-adjusted score when the reference has a prompt line; null while calibrating.
     */
    public Double judgedMean() {
        return reference == null ? null : reference.judged(moments, prompts).mean();
    }

    /** A bucket of replies whose prompts were not scored. */
    public ConceptBucket(final String concept, final Moments moments, final Reference reference, final Double standardized,
                         final Double cusum, final Double threshold) {
        this(concept, moments, reference, standardized, cusum, threshold, PromptPairs.empty());
    }
}
