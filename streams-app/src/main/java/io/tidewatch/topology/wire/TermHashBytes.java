package io.tidewatch.topology.wire;

import io.tidewatch.avro.ScoredTurn;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A scored turn's term hashes as its {@code term_hashes} field carries them: 4 bytes each, little-endian, as the embedding's floats. */
public final class TermHashBytes {

    public static final ByteBuffer NONE = ByteBuffer.allocate(0);

    private TermHashBytes() {
    }

    public static ByteBuffer encode(final int[] hashes) {
        final ByteBuffer bytes = ByteBuffer.allocate(hashes.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asIntBuffer().put(hashes);
        return bytes;
    }

    /**
     * The turn's term hashes; empty when it carries none.
     *
     * @throws IllegalArgumentException if {@code term_hashes} is not a whole number of 4-byte hashes
     */
    public static int[] decode(final ScoredTurn turn) {
        final ByteBuffer bytes = turn.getTermHashes();
        if (bytes == null || !bytes.hasRemaining()) {
            return new int[0];
        }
        if (bytes.remaining() % Integer.BYTES != 0) {
            throw new IllegalArgumentException("term_hashes has " + bytes.remaining() + " bytes, not a whole number of 4-byte hashes");
        }
        final int[] hashes = new int[bytes.remaining() / Integer.BYTES];
        bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer().get(hashes);
        return hashes;
    }
}
