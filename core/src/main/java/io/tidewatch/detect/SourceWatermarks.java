package io.tidewatch.detect;

import java.util.Arrays;

/**
 * How far event time has progressed over every source of a merged stream: the detect stage reads
 * scored replies that several score tasks (one per input partition, the sources) wrote, each at
 * its own pace. A bucket may close only once every source has passed it, so closing depends on
 * the data and not on which task ran faster. A source that has nothing to send may declare itself
 * idle and stops holding the others back until it sends again.
 */
public final class SourceWatermarks {

    /** What one source last claimed: its event time, or that it is idle. */
    public record Claim(long watermark, boolean idle) {
    }

    private final long[] watermarks;
    private final boolean[] idle;

    /** Sources that have claimed nothing yet hold everything back. */
    public SourceWatermarks(final int sources) {
        if (sources < 1) {
            throw new IllegalArgumentException("there must be at least one source, got " + sources);
        }
        this.watermarks = new long[sources];
        this.idle = new boolean[sources];
        Arrays.fill(watermarks, Long.MIN_VALUE);
    }

    public int sources() {
        return watermarks.length;
    }

    /**
     * Records a source's claim. Claims replace each other rather than only grow: a replay's end
     * (+∞) is followed by ordinary event times again if the source goes on.
     *
     * @throws IllegalArgumentException if the source is not one of {@link #sources()}
     */
    public void claim(final int source, final Claim claim) {
        if (source < 0 || source >= watermarks.length) {
            throw new IllegalArgumentException("source " + source + " is not one of the " + watermarks.length + " known sources");
        }
        watermarks[source] = claim.idle() ? Math.max(watermarks[source], claim.watermark()) : claim.watermark();
        idle[source] = claim.idle();
    }

    public Claim claimOf(final int source) {
        return new Claim(watermarks[source], idle[source]);
    }

    /**
     * The event time every bucket may be closed up to: the least watermark of the sources that are
     * not idle; when all are idle, the greatest, since nothing is on its way.
     */
    public long closable() {
        long least = Long.MAX_VALUE;
        long greatest = Long.MIN_VALUE;
        boolean anyActive = false;
        for (int s = 0; s < watermarks.length; s++) {
            greatest = Math.max(greatest, watermarks[s]);
            if (!idle[s]) {
                anyActive = true;
                least = Math.min(least, watermarks[s]);
            }
        }
        return anyActive ? least : greatest;
    }
}
