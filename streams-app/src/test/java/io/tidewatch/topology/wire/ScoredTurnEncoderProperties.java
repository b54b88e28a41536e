package io.tidewatch.topology.wire;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ReplyPassage;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.registry.InMemorySchemaRegistry;
import io.tidewatch.registry.SerdeSettings;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * The score stage's hand-written encoder writes the bytes Avro's schema walk writes, for every
 * field: a field added to the schema and not to the encoder makes them differ.
 */
class ScoredTurnEncoderProperties {

    @Property(tries = 500)
    void writesTheBytesOfAvrosSchemaWalk(@ForAll("scoredTurns") final ScoredTurn turn) throws IOException {
        assertThat(encoded(turn, true)).isEqualTo(encoded(turn, false));
    }

    @Property(tries = 100)
    void theScoredSerdeReadsBackWhatItWrote(@ForAll("scoredTurns") final ScoredTurn turn) {
        final AvroWireSerde<ScoredTurn> serde = new AvroSerdes(new InMemorySchemaRegistry(), SerdeSettings.defaults())
                .forType(ScoredTurn.class).encodingWith(ScoredTurnEncoder::encode);
        final ScoredTurn read = serde.deserialize("tidewatch.scored", serde.serialize("tidewatch.scored", turn));
        // ByteBuffer equality compares the remaining bytes, so a read-back turn equals the original field by field.
        assertThat(read).isEqualTo(turn);
    }

    private static byte[] encoded(final ScoredTurn turn, final boolean handWritten) throws IOException {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(bytes, null);
        if (handWritten) {
            ScoredTurnEncoder.encode(turn, encoder);
        } else {
            new SpecificDatumWriter<>(ScoredTurn.class).write(turn, encoder);
        }
        encoder.flush();
        return bytes.toByteArray();
    }

    @Provide
    Arbitrary<ScoredTurn> scoredTurns() {
        final Arbitrary<String> text = Arbitraries.strings().ofMaxLength(40);
        final Arbitrary<Map<String, String>> labels = Arbitraries.maps(text, text).ofMaxSize(4);
        final Arbitrary<Map<String, Double>> scores = Arbitraries.maps(text, Arbitraries.doubles()
                .withSpecialValue(Double.NaN).withSpecialValue(Double.NEGATIVE_INFINITY).withSpecialValue(-0.0)).ofMaxSize(6);
        final Arbitrary<List<Float>> legacy = Arbitraries.floats().list().ofMaxSize(5);
        final Arbitrary<byte[]> f32 = Arbitraries.bytes().array(byte[].class).ofMaxSize(64);
        final Arbitrary<String> excerpt = text.injectNull(0.3);
        return Combinators.combine(text, Arbitraries.integers(), Arbitraries.longs().between(-1L << 50, 1L << 50), labels, text, scores,
                        labels, legacy)
                .as((id, turn, millis, segment, model, score, versions, embedding) -> ScoredTurn.newBuilder()
                        .setConversationId(id).setTurn(turn).setTimestamp(Instant.ofEpochMilli(millis)).setSegment(segment)
                        .setSegmentKey("segment of " + id).setEmbeddingModel(model).setScores(score)
                        .setConceptVersions(versions).setEmbedding(embedding))
                .flatMap(builder -> Combinators.combine(f32, excerpt, Arbitraries.of(true, false), passages(text), scores)
                        .as((bytes, ex, truncated, passages, prompts) -> ScoredTurn.newBuilder(builder).setEmbeddingF32(ByteBuffer.wrap(bytes))
                                .setExcerpt(ex).setTruncated(truncated).setPassages(passages).setPromptScores(prompts).build()));
    }

    private static Arbitrary<List<ReplyPassage>> passages(final Arbitrary<String> text) {
        return Combinators.combine(text, text, text.list().ofMaxSize(3)).as(ReplyPassage::new).list().ofMaxSize(3);
    }
}
