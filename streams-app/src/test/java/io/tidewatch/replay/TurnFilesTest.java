package io.tidewatch.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.registry.AvroWireSerde;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.file.DataFileWriter;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TurnFilesTest {

    @TempDir
    Path dir;

    private final List<ConversationTurn> turns = new ArrayList<>();
    private final List<RejectedLine> rejected = new ArrayList<>();

    private long read(final TurnFormat format, final String... lines) throws IOException {
        final Path file = Files.write(dir.resolve("input.jsonl"), List.of(lines));
        return TurnFiles.read(file, format, turns::add, rejected::add);
    }

    @Test
    void readsTheDocumentedTurnFormatWithIsoOrEpochTimestamps() throws IOException {
        assertThat(read(TurnFormat.JSONL,
                "{\"conversation_id\":\"c1\",\"turn\":0,\"timestamp\":\"2026-01-31T12:00:00Z\",\"model\":\"m\",\"response\":\"hi\","
                        + "\"tenant\":\"t\",\"locale\":\"en-GB\",\"attributes\":{\"app\":\"web\"}}",
                "",
                "{\"conversation_id\":\"c1\",\"turn\":1,\"timestamp\":1769860800000,\"model\":\"m\",\"prompt\":\"q\",\"response\":\"ok\"}"))
                .isEqualTo(2);
        assertThat(turns.get(0).getTimestamp()).isEqualTo(Instant.parse("2026-01-31T12:00:00Z"));
        assertThat(turns.get(0).getAttributes()).isEqualTo(Map.of("app", "web"));
        assertThat(turns.get(1).getTimestamp()).isEqualTo(Instant.ofEpochMilli(1769860800000L));
        assertThat(turns.get(1).getPrompt()).isEqualTo("q");
        assertThat(rejected).isEmpty();
    }

    @Test
    void badLinesAreRejectedWithFileLineAndReasonAndTheRestIsRead() throws IOException {
        read(TurnFormat.JSONL,
                "{not json",
                "[1,2]",
                "{\"conversation_id\":\"c\",\"turn\":0,\"timestamp\":\"yesterday\",\"model\":\"m\",\"response\":\"r\"}",
                "{\"conversation_id\":\"c\",\"turn\":\"first\",\"timestamp\":0,\"model\":\"m\",\"response\":\"r\"}",
                "{\"conversation_id\":\"c\",\"turn\":0,\"timestamp\":0,\"response\":\"r\"}",
                "{\"conversation_id\":\"c\",\"turn\":0,\"timestamp\":0,\"model\":\"m\",\"response\":\"r\",\"attributes\":{\"a\":[1]}}",
                "{\"conversation_id\":\"c\",\"turn\":0,\"timestamp\":0,\"model\":\"m\",\"response\":\"fine\"}");
        assertThat(turns).extracting(ConversationTurn::getResponse).containsExactly("fine");
        assertThat(rejected).extracting(RejectedLine::line).containsExactly(1L, 2L, 3L, 4L, 5L, 6L);
        assertThat(rejected).extracting(RejectedLine::reason).satisfiesExactly(
                r -> assertThat(r).startsWith("not JSON"),
                r -> assertThat(r).isEqualTo("expected a JSON object"),
                r -> assertThat(r).contains("neither ISO-8601"),
                r -> assertThat(r).isEqualTo("'turn' must be an integer"),
                r -> assertThat(r).isEqualTo("'model' is missing"),
                r -> assertThat(r).isEqualTo("attribute 'a' must be a string"));
        assertThat(rejected.get(0).toString()).startsWith(dir.resolve("input.jsonl") + ":1: ");
    }

    @Test
    void openAiLogsGiveOneTurnPerAssistantMessageWithThePrecedingPrompt() throws IOException {
        assertThat(read(TurnFormat.OPENAI,
                "{\"id\":\"chat-1\",\"model\":\"gpt-x\",\"created\":1769860800,\"messages\":["
                        + "{\"role\":\"system\",\"content\":\"be nice\"},{\"role\":\"user\",\"content\":\"hello\"},"
                        + "{\"role\":\"assistant\",\"content\":\"hi there\"},{\"role\":\"user\",\"content\":\"more\"},"
                        + "{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"part one\"},{\"type\":\"text\",\"text\":\"part two\"}]}]}",
                "{\"model\":\"gpt-x\",\"timestamp\":\"2026-01-31T12:00:00Z\",\"messages\":[{\"role\":\"assistant\",\"content\":\"no id\"}]}",
                "{\"model\":\"gpt-x\",\"created\":1,\"messages\":\"not a list\"}"))
                .isEqualTo(3);
        assertThat(turns).extracting(ConversationTurn::getConversationId).containsExactly("chat-1", "chat-1", "input.jsonl:2");
        assertThat(turns).extracting(ConversationTurn::getTurn).containsExactly(0, 1, 0);
        assertThat(turns.get(0).getPrompt()).isEqualTo("hello");
        assertThat(turns.get(1).getResponse()).isEqualTo("part one\npart two");
        assertThat(turns.get(0).getTimestamp()).isEqualTo(Instant.ofEpochSecond(1769860800L));
        assertThat(rejected).extracting(RejectedLine::reason).containsExactly("'messages' is missing or not an array");
    }

    @Test
    void readsAvroContainerFilesAndRejectsOtherFilesClearly() throws IOException {
        final Path avro = dir.resolve("turns.avro");
        AvroWireSerde.trustPackageOf(ConversationTurn.class);
        try (DataFileWriter<ConversationTurn> writer = new DataFileWriter<>(new SpecificDatumWriter<>(ConversationTurn.class))) {
            writer.create(ConversationTurn.getClassSchema(), avro.toFile());
            writer.append(ConversationTurn.newBuilder().setConversationId("a").setTurn(0).setTimestamp(Instant.EPOCH)
                    .setModel("m").setResponse("r").setAttributes(Map.of()).build());
        }
        assertThat(TurnFiles.read(avro, TurnFormat.AVRO, turns::add, rejected::add)).isEqualTo(1);
        final Path notAvro = Files.writeString(dir.resolve("fake.avro"), "{\"json\": true}");
        assertThatThrownBy(() -> TurnFiles.read(notAvro, TurnFormat.AVRO, turns::add, rejected::add))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not an Avro container file");
        assertThatThrownBy(() -> TurnFiles.read(dir.resolve("missing.jsonl"), TurnFormat.JSONL, turns::add, rejected::add))
                .hasMessageContaining("does not exist");
    }

    @Test
    void formatsParseAndGuess() {
        assertThat(TurnFormat.parse("OpenAI")).isEqualTo(TurnFormat.OPENAI);
        assertThat(TurnFormat.guess("logs/2026-01.avro")).isEqualTo(TurnFormat.AVRO);
        assertThat(TurnFormat.guess("logs/2026-01.jsonl")).isEqualTo(TurnFormat.JSONL);
        assertThatThrownBy(() -> TurnFormat.parse("csv")).hasMessageContaining("use jsonl, openai or avro");
    }
}
