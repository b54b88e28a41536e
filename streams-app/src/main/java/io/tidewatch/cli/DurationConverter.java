package io.tidewatch.cli;

import io.tidewatch.app.Durations;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** picocli converter for durations as operators write them, such as 5m (see {@link Durations}). */
public final class DurationConverter implements ITypeConverter<Duration> {

    @Override
    public Duration convert(final String value) {
        return Durations.parse(value);
    }
}
