package io.tidewatch.cli;

import io.tidewatch.replay.TurnFormat;
import picocli.CommandLine.Option;

/** {@code --format}, as every command that reads turn files takes it (a picocli mixin). */
final class TurnFormatOption {

    @Option(names = "--format", paramLabel = "jsonl|openai|avro", converter = TurnFormatConverter.class,
            description = "Input format; by default .avro files are Avro and others JSON Lines.")
    TurnFormat format;

    /** The format given, or null to guess each file's from its name ({@link TurnFormat#forFile}). */
    TurnFormat value() {
        return format;
    }
}
