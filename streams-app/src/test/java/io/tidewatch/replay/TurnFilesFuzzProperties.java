package io.tidewatch.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random text and random JSON on an input line are rejected with a reason or read as a turn; they never end the read. */
class TurnFilesFuzzProperties {

    @Property(tries = 300)
    void anyLineIsReadOrRejectedAndTheNextLineStillCounts(@ForAll("lines") final String line) throws IOException {
        for (final TurnFormat format : List.of(TurnFormat.JSONL, TurnFormat.OPENAI)) {
            final Path file = Files.createTempFile("fuzz", ".jsonl");
            try {
                Files.write(file, List.of(line.replace('\n', ' ').replace('\r', ' '), good(format)));
                final List<RejectedLine> rejected = new ArrayList<>();
                final long read = TurnFiles.read(file, format, t -> { }, rejected::add);
                assertThat(read).isGreaterThanOrEqualTo(1);
                assertThat(rejected).allSatisfy(r -> assertThat(r.line()).isEqualTo(1L));
            } finally {
                Files.delete(file);
            }
        }
    }

    private static String good(final TurnFormat format) {
        return format == TurnFormat.OPENAI
                ? "{\"model\":\"m\",\"created\":1,\"messages\":[{\"role\":\"assistant\",\"content\":\"ok\"}]}"
                : "{\"conversation_id\":\"c\",\"turn\":0,\"timestamp\":0,\"model\":\"m\",\"response\":\"ok\"}";
    }

    @Provide
    Arbitrary<String> lines() {
        final Arbitrary<String> scalars = Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(8).map(s -> "\"" + s.replace("\\", "").replace("\"", "") + "\""),
                Arbitraries.integers().map(String::valueOf), Arbitraries.of("true", "null", "1e400", "-0", "[]", "{}"));
        final Arbitrary<String> keys = Arbitraries.of("conversation_id", "turn", "timestamp", "model", "response", "prompt",
                "attributes", "messages", "role", "content", "created", "id", "x");
        final Arbitrary<String> objects = Arbitraries.maps(keys, scalars).ofMaxSize(8).map(m -> {
            final StringBuilder json = new StringBuilder("{");
            m.forEach((k, v) -> json.append(json.length() > 1 ? "," : "").append('"').append(k).append("\":").append(v));
            return json.append('}').toString();
        });
        return Arbitraries.oneOf(objects, Arbitraries.strings().ofMaxLength(60), objects.map(o -> "[" + o + "]"));
    }
}
