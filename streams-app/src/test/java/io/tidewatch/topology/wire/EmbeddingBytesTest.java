package io.tidewatch.topology.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.registry.AvroWireSerde;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.junit.jupiter.api.Test;

class EmbeddingBytesTest {

    private static final float[] EMBEDDING = {0.25f, -1f, Float.MIN_VALUE, 0.1f, -0f, 1e-30f};

    @Test
    void anEmbeddingComesBackToTheLastBitAndTakesFourLittleEndianBytesPerCoordinate() {
        final ByteBuffer bytes = EmbeddingBytes.encode(EMBEDDING);
        assertThat(bytes.remaining()).isEqualTo(24);
        assertThat(bytes.array()[0] & 0xff).isZero();          // 0.25f = 0x3e800000, lowest byte first
        assertThat(bytes.array()[3] & 0xff).isEqualTo(0x3e);
        assertThat(EmbeddingBytes.decode(turn().setEmbeddingF32(bytes).build())).containsExactly(EMBEDDING);
    }

    @Test
    void aTurnWithoutAnEmbeddingHasAnEmptyOne() {
        assertThat(EmbeddingBytes.decode(turn().build())).isEmpty();
    }

    @Test
    void aTurnWrittenBeforeTheBytesFieldExistedIsReadFromItsFloatArray() throws IOException {
        // The schema as it was: the same record without embedding_f32 (nor term_hashes, added after it).
        final Schema current = ScoredTurn.getClassSchema();
        final Schema old = Schema.createRecord(current.getName(), current.getDoc(), current.getNamespace(), false,
                current.getFields().stream().filter(f -> !List.of("embedding_f32", "term_hashes", "passages", "prompt_scores").contains(f.name()))
                        .map(f -> new Schema.Field(f, f.schema())).toList());
        final GenericRecord written = new GenericData.Record(old);
        written.put("conversation_id", "c1");
        written.put("turn", 0);
        written.put("timestamp", 0L);
        written.put("segment", Map.of("model", "m"));
        written.put("segment_key", "model=m");
        written.put("embedding_model", "hashing-6");
        written.put("scores", Map.of());
        written.put("concept_versions", Map.of());
        written.put("embedding", List.of(0.25f, -1f, Float.MIN_VALUE, 0.1f, -0f, 1e-30f));
        written.put("excerpt", null);
        written.put("truncated", false);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(old).write(written, encoder);
        encoder.flush();

        // As the app's serdes do: Avro instantiates only generated classes it was told to trust.
        AvroWireSerde.trustPackageOf(ScoredTurn.class);
        final ScoredTurn read = new SpecificDatumReader<ScoredTurn>(old, current)
                .read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
        assertThat(EmbeddingBytes.decode(read)).containsExactly(EMBEDDING);
        assertThat(TermHashBytes.decode(read)).as("no term hashes before they were carried").isEmpty();
    }

    @Test
    void bytesThatAreNotWholeFloatsAreRefusedWithTheirLength() {
        final ScoredTurn turn = turn().setEmbeddingF32(ByteBuffer.wrap(new byte[7])).build();
        assertThatThrownBy(() -> EmbeddingBytes.decode(turn)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("7 bytes");
    }

    @Test
    void termHashesComeBackExactlyAsFourLittleEndianBytesEachAndTornOnesAreRefused() {
        final int[] hashes = {0x01020304, -1, 0, Integer.MIN_VALUE};
        final ByteBuffer bytes = TermHashBytes.encode(hashes);
        assertThat(bytes.array()).startsWith(0x04, 0x03, 0x02, 0x01);
        assertThat(TermHashBytes.decode(turn().setTermHashes(bytes).build())).containsExactly(hashes);
        assertThat(TermHashBytes.decode(turn().build())).isEmpty();
        assertThatThrownBy(() -> TermHashBytes.decode(turn().setTermHashes(ByteBuffer.wrap(new byte[5])).build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("5 bytes");
    }

    private static ScoredTurn.Builder turn() {
        return ScoredTurn.newBuilder().setConversationId("c1").setTurn(0).setTimestamp(Instant.EPOCH).setSegment(Map.of("model", "m"))
                .setSegmentKey("model=m").setEmbeddingModel("hashing-6").setScores(Map.of());
    }
}
