package io.tidewatch.topology.state;

import io.tidewatch.describe.Passage;
import io.tidewatch.detect.ScoredReply;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;

/**
 * How the detect stage keeps the replies of open buckets: one store entry per reply, keyed by
 * segment, bucket start and the scored record's offset, in a compact binary form. Writing one
 * small entry per reply, rather than the segment's whole state, is what keeps the stage cheap.
 */
public final class OpenReplies {

    /** Tag of the section of a reply's passages, after its term hashes. */
    private static final byte PASSAGES = 1;
    /** Tag of the section of its prompt's scores, after its passages if any. */
    private static final byte PROMPT_SCORES = 2;

    private OpenReplies() {
    }

    /** The store's value serde: replies stay objects until a commit writes the ones still open. */
    public static Serde<ScoredReply> serde() {
        return Serdes.serdeFrom((topic, reply) -> reply == null ? null : encode(reply),
                (topic, bytes) -> bytes == null ? null : decode(bytes));
    }

    /** Key of one reply: segment, a zero byte, bucket start and offset (big-endian, so keys sort by bucket). */
    public static Bytes key(final String segmentKey, final long bucketStart, final long offset) {
        final byte[] prefix = bucketPrefix(segmentKey, bucketStart).get();
        return Bytes.wrap(ByteBuffer.allocate(prefix.length + Long.BYTES).put(prefix).putLong(offset).array());
    }

    /** Prefix of the keys of one bucket's replies. */
    public static Bytes bucketPrefix(final String segmentKey, final long bucketStart) {
        final byte[] segment = segmentKey.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(segment.length + 1 + Long.BYTES).put(segment).put((byte) 0)
                .putLong(bucketStart ^ Long.MIN_VALUE).array());
    }

    /** The segment a key belongs to. */
    public static String segmentOf(final Bytes key) {
        final byte[] bytes = key.get();
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }

    /**
     * The reply in the layout {@link java.io.DataOutputStream} writes (strings as modified UTF-8
     * behind their length, numbers big-endian), which {@link #decode} reads back; written into one
     * buffer of the exact size, since this runs once per scored reply.
     */
    public static byte[] encode(final ScoredReply reply) {
        final String excerpt = reply.excerpt();
        int size = utfSize(reply.conversationId()) + Integer.BYTES + Long.BYTES + 1 + (excerpt != null ? utfSize(excerpt) : 0)
                + Integer.BYTES + Integer.BYTES + reply.embedding().length * Float.BYTES + Integer.BYTES + reply.terms().length * Integer.BYTES;
        for (final Map.Entry<String, Double> score : reply.scores().entrySet()) {
            size += utfSize(score.getKey()) + Double.BYTES + utfSize(reply.version(score.getKey()));
        }
        // Optional sections follow the term hashes, each behind its tag byte and only when it holds something:
        // a reply without them keeps the layout versions before them wrote.
        if (!reply.passages().isEmpty()) {
            size += 1 + Integer.BYTES;
            for (final Passage passage : reply.passages()) {
                size += utfSize(passage.excerpt()) + utfSize(passage.sentence()) + Integer.BYTES;
                for (final String concept : passage.concepts()) {
                    size += utfSize(concept);
                }
            }
        }
        if (!reply.prompts().isEmpty()) {
            size += 1 + Integer.BYTES;
            for (final String concept : reply.prompts().keySet()) {
                size += utfSize(concept) + Double.BYTES;
            }
        }
        final ByteBuffer out = ByteBuffer.allocate(size);
        putUtf(out, reply.conversationId());
        out.putInt(reply.turn());
        out.putLong(reply.timestamp());
        out.put((byte) (excerpt != null ? 1 : 0));
        if (excerpt != null) {
            putUtf(out, excerpt);
        }
        out.putInt(reply.scores().size());
        for (final Map.Entry<String, Double> score : reply.scores().entrySet()) {
            putUtf(out, score.getKey());
            out.putDouble(score.getValue());
            putUtf(out, reply.version(score.getKey()));
        }
        out.putInt(reply.embedding().length);
        out.asFloatBuffer().put(reply.embedding());
        out.position(out.position() + reply.embedding().length * Float.BYTES);
        out.putInt(reply.terms().length);
        out.asIntBuffer().put(reply.terms());
        out.position(out.position() + reply.terms().length * Integer.BYTES);
        if (!reply.passages().isEmpty()) {
            out.put(PASSAGES);
            out.putInt(reply.passages().size());
            for (final Passage passage : reply.passages()) {
                putUtf(out, passage.excerpt());
                putUtf(out, passage.sentence());
                out.putInt(passage.concepts().size());
                for (final String concept : passage.concepts()) {
                    putUtf(out, concept);
                }
            }
        }
        if (!reply.prompts().isEmpty()) {
            out.put(PROMPT_SCORES);
            out.putInt(reply.prompts().size());
            for (final Map.Entry<String, Double> score : reply.prompts().entrySet()) {
                putUtf(out, score.getKey());
                out.putDouble(score.getValue());
            }
        }
        return out.array();
    }

    /** Bytes of a string as {@link java.io.DataOutputStream#writeUTF} writes it: a two-byte length, then modified UTF-8. */
    private static int utfSize(final String s) {
        int bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            bytes += c >= 0x0001 && c <= 0x007f ? 1 : c <= 0x07ff ? 2 : 3;
        }
        if (bytes > 0xffff) {
            throw new UncheckedIOException(new UTFDataFormatException("a string of " + bytes + " bytes is too long to store"));
        }
        return 2 + bytes;
    }

    /** Writes what {@link #utfSize} counted (and checked): the length goes in once the bytes are written. */
    private static void putUtf(final ByteBuffer out, final String s) {
        final int at = out.position();
        out.putShort((short) 0);
        for (int i = 0; i < s.length(); i++) {
            final char c = s.charAt(i);
            if (c >= 0x0001 && c <= 0x007f) {
                out.put((byte) c);
            } else if (c <= 0x07ff) {
                out.put((byte) (0xc0 | (c >> 6))).put((byte) (0x80 | (c & 0x3f)));
            } else {
                out.put((byte) (0xe0 | (c >> 12))).put((byte) (0x80 | ((c >> 6) & 0x3f))).put((byte) (0x80 | (c & 0x3f)));
            }
        }
        out.putShort(at, (short) (out.position() - at - 2));
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
            // One read for the whole vector: readFloat per coordinate took four locked reads of the byte stream each.
            final byte[] coordinates = new byte[embedding.length * Float.BYTES];
            in.readFully(coordinates);
            ByteBuffer.wrap(coordinates).asFloatBuffer().get(embedding);
            // Replies stored by versions before term hashes end here.
            final int[] terms = new int[in.available() > 0 ? count(in.readInt(), in.available() / Integer.BYTES) : 0];
            final byte[] hashes = new byte[terms.length * Integer.BYTES];
            in.readFully(hashes);
            ByteBuffer.wrap(hashes).asIntBuffer().get(terms);
            // Replies stored by versions before the optional sections, or carrying none, end here.
            final List<Passage> passages = new ArrayList<>();
            final Map<String, Double> prompts = new LinkedHashMap<>();
            while (in.available() > 0) {
                final byte section = in.readByte();
                if (section == PASSAGES && passages.isEmpty() && prompts.isEmpty()) {
                    for (int p = count(in.readInt(), in.available()); p > 0; p--) {
                        final String text = in.readUTF();
                        final String sentence = in.readUTF();
                        final List<String> scoredBy = new ArrayList<>();
                        for (int c = count(in.readInt(), in.available()); c > 0; c--) {
                            scoredBy.add(in.readUTF());
                        }
                        passages.add(new Passage(text, sentence, scoredBy));
                    }
                } else if (section == PROMPT_SCORES && prompts.isEmpty()) {
                    for (int c = count(in.readInt(), in.available()); c > 0; c--) {
                        prompts.put(in.readUTF(), in.readDouble());
                    }
                } else {
                    throw new IOException("unknown or repeated section " + section + " with " + in.available() + " bytes after it");
                }
            }
            return new ScoredReply(conversationId, turn, timestamp, scores, excerpt, embedding, versions, terms, passages, prompts);
        } catch (final IOException e) {
            throw new SerializationException("cannot read an open reply from its store: " + e.getMessage()
                    + " (" + Arrays.toString(Arrays.copyOf(bytes, Math.min(bytes.length, 16))) + "...)", e);
        }
    }
}
