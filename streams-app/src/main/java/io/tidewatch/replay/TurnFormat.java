package io.tidewatch.replay;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/** The input formats of {@code tidewatch replay}. */
public enum TurnFormat {
    /** One JSON object per line with the ConversationTurn field names. */
    JSONL,
    /** One chat log per line: {@code model} and {@code messages}; one turn per assistant message. */
    OPENAI,
    /** An Avro object container file of ConversationTurn records. */
    AVRO;

    public static TurnFormat parse(final String name) {
        return Arrays.stream(values()).filter(f -> f.name().equalsIgnoreCase(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown format '" + name + "'; use jsonl, openai or avro"));
    }

    /** {@code given}, or the format {@code file}'s name suggests when none was given. */
    public static TurnFormat forFile(final TurnFormat given, final Path file) {
        return given != null ? given : guess(file.getFileName().toString());
    }

    /** The format a file's name suggests: {@code .avro} is Avro, anything else JSON Lines. */
    public static TurnFormat guess(final String fileName) {
        return fileName.toLowerCase(Locale.ROOT).endsWith(".avro") ? AVRO : JSONL;
    }
}
