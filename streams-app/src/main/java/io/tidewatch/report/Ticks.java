package io.tidewatch.report;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Readable axis ticks: UTC times on round clock steps, values on 1-2-5 steps. */
final class Ticks {

    /** Steps a reader can count in; epoch multiples of them fall on round UTC clock times and days. */
    private static final long[] TIME_STEPS = {
        1_000, 2_000, 5_000, 10_000, 15_000, 30_000,
        60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000,
        3_600_000, 7_200_000, 10_800_000, 21_600_000, 43_200_000,
        86_400_000, 172_800_000, 604_800_000,
    };
    private static final long DAY = 86_400_000L;
    private static final DateTimeFormatter SECONDS = pattern("HH:mm:ss");
    private static final DateTimeFormatter MINUTES = pattern("HH:mm");
    private static final DateTimeFormatter DATE = pattern("MMM d");
    private static final DateTimeFormatter DAYS = pattern("yyyy-MM-dd");

    private Ticks() {
    }

    /** The smallest listed step giving at most {@code max} ticks; whole weeks beyond the list. */
    static long timeStep(final Instant from, final Instant to, final int max) {
        final long span = Math.max(1, Duration.between(from, to).toMillis());
        for (final long step : TIME_STEPS) {
            if (span / step <= max) {
                return step;
            }
        }
        final long week = TIME_STEPS[TIME_STEPS.length - 1];
        return week * (span / week / max + 1);
    }

    static List<Instant> times(final Instant from, final Instant to, final long step) {
        final List<Instant> ticks = new ArrayList<>();
        for (long t = Math.floorDiv(from.toEpochMilli() + step - 1, step) * step; t <= to.toEpochMilli(); t += step) {
            ticks.add(Instant.ofEpochMilli(t));
        }
        return ticks;
    }

    /**
     * The clock time of a tick, and under it the date where the date is news: on the first tick
     * and where a day begins. Empty second line otherwise.
     */
    static String[] timeLabel(final Instant t, final long step, final boolean first) {
        if (step >= DAY) {
            return new String[] {DAYS.format(t), ""};
        }
        final String clock = (step < 60_000 ? SECONDS : MINUTES).format(t);
        final boolean newDay = first || Math.floorMod(t.toEpochMilli(), DAY) < step;
        return new String[] {clock, newDay ? DATE.format(t) : ""};
    }

    /** About {@code target} round values in [lo, hi], as multiples of 1, 2 or 5 × 10^k. */
    static List<Double> values(final double lo, final double hi, final int target) {
        final double step = valueStep(lo, hi, target);
        final List<Double> ticks = new ArrayList<>();
        final long first = (long) Math.ceil(lo / step);
        // Decimal arithmetic, so the third tick of 0.1 is 0.3 and not 0.30000000000000004.
        final BigDecimal decimalStep = BigDecimal.valueOf(step);
        for (long i = first; i * step <= hi + step * 1e-9; i++) {
            ticks.add(decimalStep.multiply(BigDecimal.valueOf(i)).doubleValue());
        }
        return ticks;
    }

    static double valueStep(final double lo, final double hi, final int target) {
        final double raw = (hi - lo) / target;
        final double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        final double norm = raw / magnitude;
        return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * magnitude;
    }

    /** A tick value with as many decimals as its step needs, and no more. */
    static String valueLabel(final double v, final double step) {
        final int decimals = Math.max(0, (int) -Math.floor(Math.log10(step) + 1e-9));
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static DateTimeFormatter pattern(final String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withZone(ZoneOffset.UTC);
    }
}
