package io.tidewatch.detect;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many false alarms the whole deployment may raise per period while nothing has changed,
 * e.g. 1 per 30 days. Detector thresholds are derived from it.
 *
 * @param alarms expected number of false alarms per period, positive
 * @param per    the period, positive
 */
public record FalseAlarmBudget(double alarms, Duration per) {

    private static final String EXPECTED_FORM =
            "<alarms>/<count><unit> with unit s, m, h, d or w, e.g. 1/30d, 2/7d, 1/12h, 0.5/1d";
    private static final Pattern FORM = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*/\\s*(\\d{1,9})\\s*([smhdw])");

    /** Validates that both the number of alarms and the period are positive. */
    public FalseAlarmBudget {
        if (!(alarms > 0.0) || Double.isInfinite(alarms)) {
            throw new IllegalArgumentException("alarms must be positive and finite, got " + alarms);
        }
        if (per.isNegative() || per.isZero()) {
            throw new IllegalArgumentException("period must be positive, got " + per);
        }
    }

    /** The default budget: one false alarm per 30 days. */
    public static FalseAlarmBudget defaultBudget() {
        return new FalseAlarmBudget(1.0, Duration.ofDays(30));
    }

    /**
     * Parses a budget written as {@code <alarms>/<count><unit>}, e.g. {@code 1/30d}.
     *
     * @throws IllegalArgumentException naming the text and the expected form if it does not parse
     */
    public static FalseAlarmBudget parse(final String text) {
        final Matcher matcher = FORM.matcher(text == null ? "" : text.strip());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(
                    "cannot parse false-alarm budget '" + text + "': expected " + EXPECTED_FORM);
        }
        final double alarms = Double.parseDouble(matcher.group(1));
        if (alarms == 0.0) {
            throw new IllegalArgumentException(
                    "false-alarm budget '" + text + "' allows no alarms: expected " + EXPECTED_FORM);
        }
        final long count = Long.parseLong(matcher.group(2));
        if (count == 0) {
            throw new IllegalArgumentException(
                    "false-alarm budget '" + text + "' has an empty period: expected " + EXPECTED_FORM);
        }
        return new FalseAlarmBudget(alarms, period(count, matcher.group(3).charAt(0)));
    }

    /**
     * The in-control average run length, in buckets, that each of {@code streams} independent
     * monitored streams must have for the deployment to stay within this budget.
     */
    public double streamArl0Buckets(final Duration bucket, final int streams) {
        if (bucket.isNegative() || bucket.isZero()) {
            throw new IllegalArgumentException("bucket must be positive, got " + bucket);
        }
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be at least 1, got " + streams);
        }
        // Superposed independent renewal processes: alarm rates add, so ARL₀ = streams × (per / bucket) / alarms.
        return streams * (seconds(per) / seconds(bucket)) / alarms;
    }

    private static Duration period(final long count, final char unit) {
        return switch (unit) {
            case 's' -> Duration.ofSeconds(count);
            case 'm' -> Duration.ofMinutes(count);
            case 'h' -> Duration.ofHours(count);
            case 'd' -> Duration.ofDays(count);
            case 'w' -> Duration.ofDays(7 * count);
            default -> throw new IllegalArgumentException("unknown unit '" + unit + "': expected " + EXPECTED_FORM);
        };
    }

    private static double seconds(final Duration duration) {
        return duration.getSeconds() + duration.getNano() / 1e9;
    }
}
