package io.tidewatch.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.registry.AvroWireSerde;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.InvalidAvroMagicException;
import org.apache.avro.file.DataFileReader;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads historical turns from files, streaming, in file order. A record that cannot become a
 * turn is handed to the rejection callback with its file, line and reason, and reading goes on:
 * one bad line never costs the rest of a backfill.
 */
public final class TurnFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private TurnFiles() {
    }

    /** Reads {@code file} in {@code format}; returns the number of turns handed to {@code turns}. */
    public static long read(final Path file, final TurnFormat format, final Consumer<ConversationTurn> turns,
                            final Consumer<RejectedLine> rejected) {
        try {
            return switch (format) {
                case JSONL, OPENAI -> readLines(file, format, turns, rejected);
                case AVRO -> readAvro(file, turns);
            };
        } catch (final NoSuchFileException e) {
            throw new IllegalArgumentException("input file " + file + " does not exist");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static long readLines(final Path file, final TurnFormat format, final Consumer<ConversationTurn> turns,
                                  final Consumer<RejectedLine> rejected) throws IOException {
        long count = 0;
        long lineNumber = 0;
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    final JsonNode node = JSON.readTree(line);
                    final List<ConversationTurn> parsed = format == TurnFormat.OPENAI
                            ? fromChatLog(node, file.getFileName() + ":" + lineNumber) : List.of(fromTurn(node));
                    parsed.forEach(turns);
                    count += parsed.size();
                } catch (final JsonProcessingException e) {
                    rejected.accept(new RejectedLine(file.toString(), lineNumber, "not JSON: " + e.getOriginalMessage()));
                } catch (final BadRecord e) {
                    rejected.accept(new RejectedLine(file.toString(), lineNumber, e.getMessage()));
                }
            }
        }
        return count;
    }

    private static long readAvro(final Path file, final Consumer<ConversationTurn> turns) throws IOException {
        AvroWireSerde.trustPackageOf(ConversationTurn.class);
        long count = 0;
        try (DataFileReader<ConversationTurn> reader = new DataFileReader<>(file.toFile(), new SpecificDatumReader<>(ConversationTurn.class))) {
            for (final ConversationTurn turn : reader) {
                turns.accept(turn);
                count++;
            }
        } catch (final InvalidAvroMagicException e) {
            throw new IllegalArgumentException(file + " is not an Avro container file (use --format jsonl or openai for JSON)");
        } catch (final AvroRuntimeException e) {
            throw new IllegalArgumentException(file + ": record " + (count + 1) + " cannot be read as a ConversationTurn: " + e.getMessage(), e);
        }
        return count;
    }

    /** A line in the documented turn format. */
    static ConversationTurn fromTurn(final JsonNode node) {
        requireObject(node);
        return ConversationTurn.newBuilder()
                .setConversationId(text(node, "conversation_id", true))
                .setTurn(integer(node, "turn"))
                .setTimestamp(timestamp(node.get("timestamp")))
                .setModel(text(node, "model", true))
                .setPrompt(text(node, "prompt", false))
                .setResponse(text(node, "response", true))
                .setTenant(text(node, "tenant", false))
                .setLocale(text(node, "locale", false))
                .setAttributes(attributes(node.get("attributes")))
                .build();
    }

    /** An OpenAI-style chat log: one turn per assistant message, its prompt the user message before it. */
    static List<ConversationTurn> fromChatLog(final JsonNode node, final String where) {
        requireObject(node);
        final JsonNode messages = node.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new BadRecord("'messages' is missing or not an array");
        }
        final String model = text(node, "model", true);
        final String conversation = node.hasNonNull("id") ? text(node, "id", true) : where;
        final Instant time = timestamp(node.hasNonNull("created") ? secondsToMillis(node.get("created")) : node.get("timestamp"));
        final List<ConversationTurn> turns = new ArrayList<>();
        String prompt = null;
        for (final JsonNode message : messages) {
            requireObject(message);
            final String role = text(message, "role", true);
            final String content = content(message.get("content"));
            if (role.equals("user")) {
                prompt = content;
            } else if (role.equals("assistant") && content != null && !content.isBlank()) {
                turns.add(ConversationTurn.newBuilder().setConversationId(conversation).setTurn(turns.size())
                        .setTimestamp(time).setModel(model).setPrompt(prompt).setResponse(content)
                        .setAttributes(Map.of()).build());
            }
        }
        return turns;
    }

    private static JsonNode secondsToMillis(final JsonNode created) {
        if (!created.isNumber()) {
            throw new BadRecord("'created' must be epoch seconds");
        }
        return JSON.getNodeFactory().numberNode(created.asLong() * 1000);
    }

    private static String content(final JsonNode content) {
        if (content == null || content.isNull()) {
            return null;
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isArray()) {
            final StringBuilder text = new StringBuilder();
            content.forEach(part -> {
                if (part.path("type").asText().equals("text")) {
                    text.append(text.length() == 0 ? "" : "\n").append(part.path("text").asText());
                }
            });
            return text.toString();
        }
        throw new BadRecord("'content' must be a string or a list of parts");
    }

    private static void requireObject(final JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new BadRecord("expected a JSON object");
        }
    }

    private static String text(final JsonNode node, final String field, final boolean required) {
        final JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRecord("'" + field + "' is missing");
            }
            return null;
        }
        if (!value.isTextual() && !value.isNumber()) {
            throw new BadRecord("'" + field + "' must be a string");
        }
        return value.asText();
    }

    private static int integer(final JsonNode node, final String field) {
        final JsonNode value = node.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new BadRecord("'" + field + "' must be an integer");
        }
        return value.asInt();
    }

    private static Instant timestamp(final JsonNode value) {
        if (value == null || value.isNull()) {
            throw new BadRecord("'timestamp' is missing");
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return Instant.ofEpochMilli(value.asLong());
        }
        if (value.isTextual()) {
            try {
                return Instant.parse(value.asText());
            } catch (final DateTimeParseException e) {
                throw new BadRecord("'timestamp' " + value + " is neither ISO-8601 (2026-01-31T12:00:00Z) nor epoch milliseconds");
            }
        }
        throw new BadRecord("'timestamp' must be ISO-8601 text or epoch milliseconds");
    }

    private static Map<String, String> attributes(final JsonNode value) {
        if (value == null || value.isNull()) {
            return Map.of();
        }
        if (!value.isObject()) {
            throw new BadRecord("'attributes' must be an object of strings");
        }
        final Map<String, String> attributes = new LinkedHashMap<>();
        value.properties().forEach(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new BadRecord("attribute '" + e.getKey() + "' must be a string");
            }
            attributes.put(e.getKey(), e.getValue().asText());
        });
        return attributes;
    }

    /** A record that is valid JSON but not a turn. */
    static final class BadRecord extends RuntimeException {
        BadRecord(final String message) {
            super(message);
        }
    }
}
