package io.tidewatch.stats;

/**
 * Deterministic splits by identity: which half a reply or a conversation belongs to, and whether a
 * conversation is in the scored sample, whatever order the input arrives in, so that replays split
 * and sample the same way as live runs.
 */
public final class Hashing {

    private Hashing() {
    }

    /** Murmur3's 32-bit finaliser: mixes every bit of {@code h} into every bit of the result, the lowest included. */
    public static int mix(final int h) {
        int x = h;
        x ^= x >>> 16;
        x *= 0x85ebca6b;
        x ^= x >>> 13;
        x *= 0xc2b2ae35;
        x ^= x >>> 16;
        return x;
    }

    /** Whether {@code h} falls in the first of two halves, by the lowest bit of its mix. */
    public static boolean firstHalf(final int h) {
        return (mix(h) & 1) == 0;
    }

    /**
     * Whether the conversation is in a sample of {@code rate} (0..1) of all conversations. The
     * choice depends on the id alone, never on the text, and the samples are nested: a
     * conversation kept at one rate is kept at every higher rate, so lowering the rate drops
     * conversations and never swaps them. The id's 64-bit hash is unrelated to the
     * {@link String#hashCode()} that {@link #firstHalf} splits by, so a sample keeps both halves alike.
     */
    public static boolean sampled(final String conversationId, final double rate) {
        return samplePosition(conversationId) < rate;
    }

    /** The conversation's place in [0, 1): it is sampled at every rate above it. */
    public static double samplePosition(final String conversationId) {
        // FNV-1a over the UTF-16 units, then Murmur3's 64-bit finaliser so that every bit of the id reaches the top 53.
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < conversationId.length(); i++) {
            h ^= conversationId.charAt(i);
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return (h >>> 11) * 0x1.0p-53;
    }
}
