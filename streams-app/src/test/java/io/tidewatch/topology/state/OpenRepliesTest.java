package io.tidewatch.topology.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.describe.Passage;
import io.tidewatch.detect.ScoredReply;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class OpenRepliesTest {

    @Test
    void aReplyComesBackAsItWasStored() {
        final ScoredReply reply = new ScoredReply("conv-ü", 7, -5_000L, Map.of("tone", 0.25, "care", -0.125), null,
                new float[] {0.5f, -1f, Float.MIN_VALUE}, Map.of("tone", "v2"), new int[] {-7, 0, Integer.MAX_VALUE});
        final ScoredReply back = OpenReplies.decode(OpenReplies.encode(reply));
        assertThat(back.conversationId()).isEqualTo("conv-ü");
        assertThat(back.turn()).isEqualTo(7);
        assertThat(back.timestamp()).isEqualTo(-5_000L);
        assertThat(back.excerpt()).isNull();
        assertThat(back.scores()).isEqualTo(reply.scores());
        assertThat(back.versions()).containsExactlyInAnyOrderEntriesOf(Map.of("tone", "v2", "care", ""));
        assertThat(back.embedding()).containsExactly(reply.embedding());
        assertThat(back.terms()).containsExactly(-7, 0, Integer.MAX_VALUE);
    }

    @Test
    void passagesAndPromptScoresFollowTheTermHashesAndComeBackInOrder() {
        final List<Passage> passages = List.of(new Passage("…the text around. The sentence.", "The sentence.", List.of("tone", "care")),
                new Passage("Unlike the rest: ü.", "Unlike the rest: ü.", List.of()));
        final ScoredReply reply = new ScoredReply("c", 1, 2, Map.of("tone", 0.1), "x", new float[] {1f}, Map.of(), new int[] {5}, passages);
        final byte[] bytes = OpenReplies.encode(reply);
        assertThat(OpenReplies.decode(bytes).passages()).isEqualTo(passages);
        assertThat(OpenReplies.decode(bytes).terms()).containsExactly(5);
        final ScoredReply prompted = new ScoredReply("c", 1, 2, Map.of("tone", 0.1), "x", new float[] {1f}, Map.of(), new int[] {5}, passages,
                Map.of("tone", -0.25, "care", 0.5));
        assertThat(OpenReplies.decode(OpenReplies.encode(prompted)).prompts()).isEqualTo(prompted.prompts());
        assertThat(OpenReplies.decode(OpenReplies.encode(prompted)).passages()).isEqualTo(passages);
        final ScoredReply promptedOnly = new ScoredReply("c", 1, 2, Map.of("tone", 0.1), "x", new float[] {1f}, Map.of(), new int[] {5},
                List.of(), Map.of("tone", -0.25));
        assertThat(OpenReplies.decode(OpenReplies.encode(promptedOnly)).prompts()).containsExactly(Map.entry("tone", -0.25));
        assertThat(OpenReplies.decode(OpenReplies.encode(promptedOnly)).passages()).isEmpty();
        // A reply without passages ends at its term hashes, as replies stored before passages do.
        final ScoredReply without = new ScoredReply("c", 1, 2, Map.of("tone", 0.1), "x", new float[] {1f}, Map.of(), new int[] {5});
        assertThat(OpenReplies.decode(OpenReplies.encode(without)).passages()).isEmpty();
        assertThat(bytes).startsWith(OpenReplies.encode(without));
    }

    @Test
    void aReplyStoredBeforeTermHashesReadsWithNone() {
        final ScoredReply reply = new ScoredReply("c", 0, 0, Map.of("tone", 0.1), "x", new float[] {1f});
        final byte[] bytes = OpenReplies.encode(reply);
        // The layout before term hashes ended with the embedding: drop the (zero) count that follows it now.
        final ScoredReply back = OpenReplies.decode(java.util.Arrays.copyOf(bytes, bytes.length - Integer.BYTES));
        assertThat(back.terms()).isEmpty();
        assertThat(back.embedding()).containsExactly(1f);
    }

    @Test
    void keysSortByBucketWithinASegmentAndNameTheirSegment() {
        final var early = OpenReplies.key("model=a", -60_000L, 99);
        final var late = OpenReplies.key("model=a", 60_000L, 1);
        assertThat(early.compareTo(late)).isNegative();
        assertThat(OpenReplies.segmentOf(late)).isEqualTo("model=a");
        assertThat(late.get()).startsWith(OpenReplies.bucketPrefix("model=a", 60_000L).get());
        final byte[] prefix = OpenReplies.bucketPrefix("model=a", 60_000L).get();
        assertThat(java.util.Arrays.copyOf(early.get(), prefix.length)).isNotEqualTo(prefix);
    }

    @Test
    void truncatedBytesAreASerializationErrorNamingTheStore() {
        final byte[] bytes = OpenReplies.encode(new ScoredReply("c", 0, 0, Map.of("tone", 0.1), "x", new float[] {1f}));
        assertThatThrownBy(() -> OpenReplies.decode(java.util.Arrays.copyOf(bytes, bytes.length - 2)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("open reply");
    }

    /** Stores written before the encoder was rewritten hold this layout (then without the term hashes); it must not change. */
    @Property
    void theEncodingIsDataOutputStreamsLayout(@ForAll final String conversationId, @ForAll final String excerpt,
                                              @ForAll final String concept, @ForAll final String version,
                                              @ForAll final double score, @ForAll final float[] embedding,
                                              @ForAll final int[] terms) throws IOException {
        final ScoredReply reply = new ScoredReply(conversationId, 3, 42L, Map.of(concept, score), excerpt, embedding, Map.of(concept, version),
                terms);
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(expected)) {
            out.writeUTF(conversationId);
            out.writeInt(3);
            out.writeLong(42L);
            out.writeBoolean(true);
            out.writeUTF(excerpt);
            out.writeInt(1);
            out.writeUTF(concept);
            out.writeDouble(score);
            out.writeUTF(version);
            out.writeInt(embedding.length);
            for (final float x : embedding) {
                out.writeFloat(x);
            }
            out.writeInt(terms.length);
            for (final int hash : terms) {
                out.writeInt(hash);
            }
        }
        assertThat(OpenReplies.encode(reply)).isEqualTo(expected.toByteArray());
    }

    @Property
    void randomBytesDecodeOrFailAsASerializationError(@ForAll final byte[] bytes) {
        try {
            OpenReplies.decode(bytes);
        } catch (final SerializationException expected) {
            assertThat(expected).hasMessageContaining("open reply");
        }
    }
}
