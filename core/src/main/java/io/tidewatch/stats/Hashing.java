package io.tidewatch.stats;

/**
 * Deterministic splits by identity: which half a reply or a conversation belongs to, whatever
 * order the input arrives in, so that replays split the same way as live runs.
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
}
