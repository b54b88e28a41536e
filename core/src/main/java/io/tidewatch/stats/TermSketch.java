package io.tidewatch.stats;

import java.util.Arrays;

/**
 * How many replies use each term, in bounded memory: a count-min sketch (Cormode and
 * Muthukrishnan, 2005) of document frequencies over 32-bit term hashes. Each of {@value #ROWS} rows
 * of {@value #WIDTH} counters adds one per reply for every distinct term it uses, at the cell the
 * term's hash picks in that row; a term's count is the smallest of its cells. Other terms that share
 * a cell only ever add to it, so a count is never below the truth and is above it by about
 * {@code total / WIDTH} in the worse of the rows; taking the smaller of two rows makes it rare that
 * a term borrows a busy cell in both.
 *
 * <p>The sketch holds no text: it answers for a term named by someone else (the unexplained-shift
 * detector names the terms of the replies it keeps as evidence) and tells how common that term is
 * among all the replies counted. That is what lets the detect stage, which never sees whole
 * replies, rank terms as {@code FightinWords} does for datasets, from counts that merge by addition
 * like every other sum it keeps (so a replay counts what the live run counted).
 *
 * <p>{@link #hash}, {@link #ROWS} and {@link #WIDTH} are part of the stored state's format: state
 * written with other values would count terms in other cells. Changing any of them needs a new
 * state field (see docs/decisions/0008).
 */
public final class TermSketch {

    public static final int ROWS = 2;
    /** Counters per row: a power of two, so a cell is the low bits of a mixed hash. */
    public static final int WIDTH = 4096;

    /** Distinct odd constants that make the rows' cells independent functions of one hash. */
    private static final int[] ROW_SEEDS = {0x9e3779b9, 0x7f4a7c15};

    /** ROWS × WIDTH counters, row by row. */
    public int[] counts = new int[ROWS * WIDTH];
    /** Replies counted. */
    public long texts;
    /** Σ over replies of their numbers of distinct terms. */
    public long total;

    public TermSketch() {
    }

    /** The 32-bit hash of a term that replies carry and the sketch counts by. */
    public static int hash(final String term) {
        return Hashing.mix(term.hashCode());
    }

    /** Counts one more reply, given the hashes of its distinct terms. */
    public void add(final int[] distinctTermHashes) {
        for (final int hash : distinctTermHashes) {
            for (int row = 0; row < ROWS; row++) {
                counts[cell(hash, row)]++;
            }
        }
        texts++;
        total += distinctTermHashes.length;
    }

    /** Adds the counts of {@code other} to these. */
    public void merge(final TermSketch other) {
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
        }
        texts += other.texts;
        total += other.total;
    }

    /** A sketch holding the sum of these counts and {@code other}'s; neither changes. */
    public TermSketch plus(final TermSketch other) {
        final TermSketch sum = new TermSketch();
        sum.counts = Arrays.copyOf(counts, counts.length);
        sum.texts = texts;
        sum.total = total;
        sum.merge(other);
        return sum;
    }

    /** Replies that use the term, or a few more (never fewer): the smallest of its cells. */
    public long count(final String term) {
        final int hash = hash(term);
        long count = Long.MAX_VALUE;
        for (int row = 0; row < ROWS; row++) {
            count = Math.min(count, counts[cell(hash, row)]);
        }
        return count;
    }

    private static int cell(final int hash, final int row) {
        return row * WIDTH + (Hashing.mix(hash ^ ROW_SEEDS[row]) & (WIDTH - 1));
    }
}
