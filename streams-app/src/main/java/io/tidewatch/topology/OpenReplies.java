package io.tidewatch.topology;

import io.tidewatch.detect.SegmentMonitor.ScoredReply;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.utils.Bytes;

/**
 * How the detect stage keeps the replies of open buckets: one store entry per reply, keyed by
 * segment, bucket start and the scored record's offset, in a compact binary form. Writing one
 * small entry per reply, rather than the segment's whole state, is what keeps the stage cheap.
 */
public final class OpenReplies {

    private OpenReplies() {
    }

    /** Key of one reply: segment, a zero byte, bucket start and offset (big-endian, so keys sort by bucket). */
    static Bytes key(final String segmentKey, final long bucketStart, final long offset) {
        final byte[] prefix = bucketPrefix(segmentKey, bucketStart).get();
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(offset).array());
    }

    /** Prefix of the keys of one bucket's replies. */
    static Bytes bucketPrefix(final String segmentKey, final long bucketStart) {
        final byte[] segment = segmentKey.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(segment.length + 1 + Long.BYTES).put(segment).put((byte) 0)
                .putLong(bucketStart ^ Long.MIN_VALUE).array());
    }

    /** The segment a key belongs to. */
    static String segmentOf(final Bytes key) {
        final byte[] bytes = key.get();
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    public static byte[] encode(final ScoredReply reply) {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + reply.embedding().length * Float.BYTES);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(reply.conversationId());
            out.writeInt(reply.turn());
            out.writeLong(reply.timestamp());
            out.writeBoolean(reply.excerpt() != null);
            if (reply.excerpt() != null) {
                out.writeUTF(reply.excerpt());
            }
            out.writeInt(reply.scores().size());
            for (final Map.Entry<String, Double> score : reply.scores().entrySet()) {
                out.writeUTF(score.getKey());
                out.writeDouble(score.getValue());
                out.writeUTF(reply.version(score.getKey()));
            }
            out.writeInt(reply.embedding().length);
            for (final float x : reply.embedding()) {
                out.writeFloat(x);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A length read from the bytes, checked against what is left of them. */
    private static int count(final int count, final int atMost) throws IOException {
        if (count < 0 || count > atMost) {
            throw new IOException("length " + count + " does not fit the remaining bytes");
        }
        return count;
    }

    /** @throws SerializationException if the bytes are not a reply this class wrote */
    public static ScoredReply decode(final byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            final String conversationId = in.readUTF();
            final int turn = in.readInt();
            final long timestamp = in.readLong();
            final String excerpt = in.readBoolean() ? in.readUTF() : null;
            final int concepts = count(in.readInt(), in.available());
            final Map<String, Double> scores = new LinkedHashMap<>();
            final Map<String, String> versions = new LinkedHashMap<>();
            for (int i = 0; i < concepts; i++) {
                final String concept = in.readUTF();
                scores.put(concept, in.readDouble());
                versions.put(concept, in.readUTF());
            }
            final float[] embedding = new float[count(in.readInt(), in.available() / Float.BYTES)];
            for (int i = 0; i < embedding.length; i++) {
                embedding[i] = in.readFloat();
            }
            if (in.available() > 0) {
                throw new IOException(in.available() + " trailing bytes");
            }
            return new ScoredReply(conversationId, turn, timestamp, scores, excerpt, embedding, versions);
        } catch (final IOException e) {
            throw new SerializationException("cannot read an open reply from its store: " + e.getMessage()
                    + " (" + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 16))) + "...)", e);
        }
    }
}
