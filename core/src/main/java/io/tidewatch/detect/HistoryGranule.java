package io.tidewatch.detect;

import io.tidewatch.stats.PromptPairs;
import io.tidewatch.stats.ReferenceAccumulator;
import io.tidewatch.stats.ShiftAccumulator;
import io.tidewatch.stats.TermSketch;
import java.util.Map;
import java.util.TreeMap;

/**
 * The calibration sums of a granule (about an hour) of a segment's closed buckets, kept so that
 * a reference can be re-pinned to a past period. Sums merge by addition, so any period made of
 * whole granules is the merge of its granules.
 */
public final class HistoryGranule {

    public long replies;
    public Map<String, ReferenceAccumulator> concepts = new TreeMap<>();
    /** Null while no bucket of the granule carried embeddings. */
    public ShiftAccumulator shift;
    /** The terms of the replies that carried embeddings; null while none did, and in granules kept before terms were counted. */
    public TermSketch terms;
    /** Per concept, the prompt pairs of the replies whose prompt was scored; empty in granules kept before prompts were scored. */
    public Map<String, PromptPairs> prompts = new TreeMap<>();

    /** Adds one closed bucket. */
    public HistoryGranule add(final ClosedBucket bucket) {
        replies += bucket.count();
        for (final ConceptBucket concept : bucket.concepts()) {
            concepts.merge(concept.concept(), ReferenceAccumulator.empty().plus(concept.moments(), concept.prompts(), bucket.start()), ReferenceAccumulator::merge);
            if (concept.prompts().count() > 0) {
                prompts.merge(concept.concept(), concept.prompts(), PromptPairs::merge);
            }
        }
        if (bucket.embedding() != null) {
            shiftOf(bucket.embedding().dimension()).add(bucket.embedding(), bucket.start());
        }
        if (bucket.terms() != null) {
            termsOf().merge(bucket.terms());
        }
        return this;
    }

    /** Adds all buckets of {@code other}. */
    public HistoryGranule merge(final HistoryGranule other) {
        replies += other.replies;
        other.concepts.forEach((concept, acc) -> concepts.merge(concept, acc, ReferenceAccumulator::merge));
        if (other.prompts != null) {
            other.prompts.forEach((concept, pairs) -> prompts.merge(concept, pairs, PromptPairs::merge));
        }
        if (other.shift != null && other.shift.isCurrent()) {
            shiftOf(other.shift.total.dimension()).merge(other.shift);
        }
        if (other.terms != null) {
            termsOf().merge(other.terms);
        }
        return this;
    }

    /** The calibration sums of one concept; empty if the granules never saw it. */
    ReferenceAccumulator concept(final String id) {
        return concepts.getOrDefault(id, ReferenceAccumulator.empty());
    }

    private TermSketch termsOf() {
        if (terms == null) {
            terms = new TermSketch();
        }
        return terms;
    }

    /** The granule's shift sums; sums an earlier version wrote, without the full-embedding test's, are dropped rather than mixed in. */
    private ShiftAccumulator shiftOf(final int dimension) {
        // A granule that straddles a change of embedding model keeps the new model's sums.
        if (shift == null || !shift.isCurrent() || shift.total.dimension() != dimension) {
            shift = ShiftAccumulator.empty(dimension);
        }
        return shift;
    }
}
