package io.tidewatch.topology.wire;

import io.tidewatch.avro.ReplyPassage;
import io.tidewatch.avro.ScoredTurn;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.avro.io.Encoder;

/**
 * The Avro binary of a {@link ScoredTurn}, written field by field in schema order. The score stage
 * writes one per reply, and Avro's schema walk (a field lookup, a type switch and a logical-type
 * check per value) cost more than the bytes: a tenth of the app's CPU without the model. The
 * bytes are the walk's own; {@code ScoredTurnEncoderProperties} checks that on random turns, so a
 * field added to the schema and not here fails the build.
 */
public final class ScoredTurnEncoder {

    private ScoredTurnEncoder() {
    }

    public static void encode(final ScoredTurn turn, final Encoder out) throws IOException {
        out.writeString(turn.getConversationId());
        out.writeInt(turn.getTurn());
        out.writeLong(turn.getTimestamp().toEpochMilli());
        writeMap(turn.getSegment(), out, Encoder::writeString);
        out.writeString(turn.getSegmentKey());
        out.writeString(turn.getEmbeddingModel());
        writeMap(turn.getScores(), out, Encoder::writeDouble);
        writeMap(turn.getConceptVersions(), out, Encoder::writeString);
        final List<Float> legacy = turn.getEmbedding();
        out.writeArrayStart();
        out.setItemCount(legacy.size());
        for (final Float coordinate : legacy) {
            out.startItem();
            out.writeFloat(coordinate);
        }
        out.writeArrayEnd();
        out.writeBytes(turn.getEmbeddingF32());
        out.writeBytes(turn.getTermHashes());
        if (turn.getExcerpt() == null) {
            out.writeIndex(0);
            out.writeNull();
        } else {
            out.writeIndex(1);
            out.writeString(turn.getExcerpt());
        }
        out.writeBoolean(turn.getTruncated());
        final List<ReplyPassage> passages = turn.getPassages();
        out.writeArrayStart();
        out.setItemCount(passages.size());
        for (final ReplyPassage passage : passages) {
            out.startItem();
            out.writeString(passage.getExcerpt());
            out.writeString(passage.getSentence());
            out.writeArrayStart();
            out.setItemCount(passage.getConcepts().size());
            for (final String concept : passage.getConcepts()) {
                out.startItem();
                out.writeString(concept);
            }
            out.writeArrayEnd();
        }
        out.writeArrayEnd();
        writeMap(turn.getPromptScores(), out, Encoder::writeDouble);
    }

    /** Writes one value of a map. */
    @FunctionalInterface
    private interface ValueWriter<V> {
        void write(Encoder out, V value) throws IOException;
    }

    private static <V> void writeMap(final Map<String, V> map, final Encoder out, final ValueWriter<V> values) throws IOException {
        out.writeMapStart();
        out.setItemCount(map.size());
        for (final Map.Entry<String, V> entry : map.entrySet()) {
            out.startItem();
            out.writeString(entry.getKey());
            values.write(out, entry.getValue());
        }
        out.writeMapEnd();
    }
}
