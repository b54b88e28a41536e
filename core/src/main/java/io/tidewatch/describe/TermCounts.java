package io.tidewatch.describe;

import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How many texts of a set use each term ({@link Terms#of}): the counts {@link FightinWords}
 * compares between the replies of a shift and those of its reference.
 *
 * <p>A term counts once per text that uses it, however often it is repeated there (document
 * frequency), so one long reply that says "kettle" forty times weighs as much as one that says it
 * once and cannot by itself make "kettle" look like what the replies are about. {@link #total()}
 * is then the sum over texts of their numbers of distinct terms.
 *
 * <p>Counts are exact and merge by addition, so partial counts can be merged in any order or
 * grouping with the same result. Not thread-safe.
 */
public final class TermCounts {

    private final Map<String, Long> counts = new HashMap<>();
    private long texts;
    private long total;

    /** The counts of the given texts. */
    public static TermCounts of(final Iterable<String> texts) {
        final TermCounts counts = new TermCounts();
        for (final String text : texts) {
            counts.add(text);
        }
        return counts;
    }

    /** Counts one more text: each of its distinct terms once. */
    public TermCounts add(final String text) {
        return addTerms(new HashSet<>(Terms.of(text)));
    }

    /** Counts one more text given by its distinct terms, for callers that hold them already. */
    public TermCounts addTerms(final Set<String> distinctTerms) {
        for (final String term : distinctTerms) {
            counts.merge(term, 1L, Long::sum);
            total++;
        }
        texts++;
        return this;
    }

    /** Adds the counts of another set of texts to these. */
    public TermCounts merge(final TermCounts other) {
        // Read before writing, so that merging a count with itself doubles it.
        final Map<String, Long> added = other == this ? new HashMap<>(other.counts) : other.counts;
        final long addedTexts = other.texts;
        final long addedTotal = other.total;
        added.forEach((term, count) -> counts.merge(term, count, Long::sum));
        texts += addedTexts;
        total += addedTotal;
        return this;
    }

    /** Number of texts counted. */
    public long texts() {
        return texts;
    }

    /** Number of texts that use the term; 0 for a term never seen. */
    public long count(final String term) {
        return counts.getOrDefault(term, 0L);
    }

    /** Sum of the counts of all terms. */
    public long total() {
        return total;
    }

    /** The terms used by at least one text, as a read-only view. */
    public Set<String> terms() {
        return Collections.unmodifiableSet(counts.keySet());
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof TermCounts other && texts == other.texts && total == other.total && counts.equals(other.counts);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(texts) + counts.hashCode();
    }

    @Override
    public String toString() {
        return "TermCounts[texts=" + texts + ", terms=" + counts.size() + ", total=" + total + "]";
    }
}
