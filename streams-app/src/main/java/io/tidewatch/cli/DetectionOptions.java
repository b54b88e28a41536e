package io.tidewatch.cli;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Durations;
import io.tidewatch.app.Setting;
import io.tidewatch.detect.FalseAlarmBudget;
import java.util.function.Consumer;
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

    /** Accepts the text if {@code check} does, and keeps it. */
    abstract static class Checked implements ITypeConverter<String> {
        private final Consumer<String> check;

        Checked(final Consumer<String> check) {
            this.check = check;
        }

        @Override
        public String convert(final String value) {
            try {
                check.accept(value);
                return value;
            } catch (final IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** Accepts what {@link Durations#parse} accepts. */
    static final class ValidDuration extends Checked {
        ValidDuration() {
            super(Durations::parse);
        }
    }

    /** Accepts what {@link FalseAlarmBudget#parse} accepts. */
    static final class ValidBudget extends Checked {
        ValidBudget() {
            super(FalseAlarmBudget::parse);
        }
    }
}
