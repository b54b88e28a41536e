package io.tidewatch.topology.wire;

import io.tidewatch.avro.ScoredTurn;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * A scored turn's embedding as its {@code embedding_f32} field carries it: 4 bytes per
 * coordinate, float32, little-endian. Records written before that field existed carry an Avro
 * array of floats instead, which is still read.
 */
public final class EmbeddingBytes {

    public static final ByteBuffer NONE = ByteBuffer.allocate(0);

    private EmbeddingBytes() {
    }

    public static ByteBuffer encode(final float[] embedding) {
        final ByteBuffer bytes = ByteBuffer.allocate(embedding.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(embedding);
        return bytes;
    }

    /**
     * The turn's embedding; empty when it carries none.
     *
     * @throws IllegalArgumentException if {@code embedding_f32} is not a whole number of floats
     */
    public static float[] decode(final ScoredTurn turn) {
        final ByteBuffer bytes = turn.getEmbeddingF32();
        if (bytes != null && bytes.hasRemaining()) {
            if (bytes.remaining() % Float.BYTES != 0) {
                throw new IllegalArgumentException("embedding_f32 has " + bytes.remaining() + " bytes, not a whole number of float32s");
            }
            final float[] embedding = new float[bytes.remaining() / Float.BYTES];
            bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(embedding);
            return embedding;
        }
        final List<Float> legacy = turn.getEmbedding();
        final float[] embedding = new float[legacy.size()];
        for (int i = 0; i < embedding.length; i++) {
            embedding[i] = legacy.get(i);
        }
        return embedding;
    }
}
