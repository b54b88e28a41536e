package io.tidewatch.cli;

import io.tidewatch.replay.TurnFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads {@code --format} (jsonl, openai or avro) for every command that reads turn files. */
public final class TurnFormatConverter implements ITypeConverter<TurnFormat> {

    @Override
    public TurnFormat convert(final String value) {
        try {
            return TurnFormat.parse(value);
        } catch (final IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
