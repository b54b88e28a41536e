package io.tidewatch.cli;

import io.tidewatch.detect.FalseAlarmBudget;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Detection flags of the commands that run the app. Each overrides its setting; values are
 * checked when the command line is parsed, so a typo fails before anything starts.
 */
final class DetectionOptions {

    @Option(names = "--reference-duration", paramLabel = "DURATION", converter = ValidDuration.class,
            description = "Calibration period (event time) of each segment's anchored reference, e.g. 24h. Overrides tidewatch.reference.duration.")
    String referenceDuration;

    @Option(names = "--false-alarm-budget", paramLabel = "RATE", converter = ValidBudget.class,
            description = "False alarms the whole deployment may raise, e.g. 1/30d. Overrides tidewatch.false.alarm.budget.")
    String falseAlarmBudget;

    /** The configuration with the flags that were given applied. */
    AppConfig applyTo(final AppConfig config) {
        AppConfig result = config;
        if (referenceDuration != null) {
            result = result.with(Setting.REFERENCE_DURATION, referenceDuration, "--reference-duration");
        }
        if (falseAlarmBudget != null) {
            result = result.with(Setting.FALSE_ALARM_BUDGET, falseAlarmBudget, "--false-alarm-budget");
        }
        return result;
    }

    /** Accepts what {@link Durations#parse} accepts, keeping the text. */
    static final class ValidDuration implements ITypeConverter<String> {
        @Override
        public String convert(final String value) {
            try {
                Durations.parse(value);
                return value;
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Accepts what {@link FalseAlarmBudget#parse} accepts, keeping the text. */
    static final class ValidBudget implements ITypeConverter<String> {
        @Override
        public String convert(final String value) {
            try {
                FalseAlarmBudget.parse(value);
                return value;
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
