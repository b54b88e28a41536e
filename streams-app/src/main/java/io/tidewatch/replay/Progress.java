package io.tidewatch.replay;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of long work: a bar with rate and ETA redrawn in place on a terminal, a plain line
 * every 10 seconds otherwise (logs, CI).
 */
final class Progress {

    private static final long LINE_EVERY_NANOS = 10_000_000_000L;
    private static final int BAR = 30;

    private final PrintWriter out;
    private final String what;
    private final long total;
    private final boolean terminal;
    private final long started = System.nanoTime();
    private long lastLine;

    Progress(final PrintWriter out, final String what, final long total, final boolean terminal) {
        this.out = out;
        this.what = what;
        this.total = Math.max(1, total);
        this.terminal = terminal;
    }

    void update(final long done) {
        final long now = System.nanoTime();
        if (!terminal && now - lastLine < LINE_EVERY_NANOS) {
            return;
        }
        lastLine = now;
        final double seconds = Math.max(1e-3, (now - started) / 1e9);
        final double rate = done / seconds;
        final String eta = rate > 0 ? Long.toString((long) ((total - done) / rate)) + "s" : "?";
        final int filled = (int) (BAR * Math.min(1.0, (double) done / total));
        if (terminal) {
            out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  %.0f/s  ETA %s   ", what, "#".repeat(filled), " ".repeat(BAR - filled),
                    done, total, rate, eta);
        } else {
            out.printf(Locale.ROOT, "%s: %d/%d (%.0f%%), %.0f/s, ETA %s%n", what, done, total, 100.0 * done / total, rate, eta);
        }
        out.flush();
    }

    void done(final long done) {
        if (terminal) {
            update(done);
            out.println();
        } else {
            lastLine = 0;
            update(done);
        }
    }
}
