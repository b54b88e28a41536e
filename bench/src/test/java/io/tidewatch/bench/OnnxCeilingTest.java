package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.embed.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OnnxCeilingTest {

    private static String text(final int length, final int id) {
        return "x".repeat(length) + " #" + id;
    }

    /** A stand-in token count: a text's length in characters, so that tests choose exact counts. */
    private static int tokens(final String text) {
        return text.length();
    }

    @Test
    void aPassNeverTakesTextsFromTwoFlushes() {
        // Long and short texts alternate: sorting them all at once would put the short ones of both flushes together.
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add(text(i % 2 == 0 ? 100 : 10, i));
        }

        final List<List<String>> batches = OnnxCeiling.batches(texts, 32, ReplyScorer.Mode.REPLY, OnnxCeilingTest::tokens, MiniLmEmbedder.MAX_PASS_TOKENS);

        assertThat(batches.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(texts);
        assertThat(batches).allSatisfy(batch -> assertThat(texts.subList(0, 32).containsAll(batch) || texts.subList(32, 64).containsAll(batch))
                .as("a pass within one flush: %s", batch).isTrue());
    }

    @Test
    void aFlushIsCutAsTheEmbedderCutsItsTokenCounts() {
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add(text(10 + i, i));
        }
        Collections.shuffle(texts, new Random(1));

        final List<List<String>> batches = OnnxCeiling.batches(texts, texts.size(), ReplyScorer.Mode.REPLY, OnnxCeilingTest::tokens,
                MiniLmEmbedder.MAX_PASS_TOKENS);

        assertThat(batches).isEqualTo(MiniLmEmbedder.passes(texts.stream().mapToInt(OnnxCeilingTest::tokens).toArray()).stream()
                .map(pass -> pass.stream().map(texts::get).toList()).toList());
        assertThat(batches).hasSizeGreaterThan(1);
    }

    @Test
    void withSentenceScoringTheCeilingEmbedsEachFlushsSentencesAsTheScorerCutsThem() {
        final List<String> replies = List.of("Alpha one. Alpha two! Alpha three?", "Beta one. Beta two.",
                "Gamma one.\nGamma two.", "Delta, e.g. one sentence.");

        final List<List<String>> batches = OnnxCeiling.batches(replies, 2, ReplyScorer.Mode.SENTENCE, OnnxCeilingTest::tokens, MiniLmEmbedder.MAX_PASS_TOKENS);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactlyInAnyOrder("Alpha one.", "Alpha two!", "Alpha three?", "Beta one.", "Beta two.");
        assertThat(batches.get(1)).containsExactlyInAnyOrder("Gamma one.", "Gamma two.", "Delta, e.g. one sentence.");
        final List<List<String>> whole = OnnxCeiling.batches(replies, 2, ReplyScorer.Mode.REPLY, OnnxCeilingTest::tokens, MiniLmEmbedder.MAX_PASS_TOKENS);
        assertThat(whole).hasSize(2);
        assertThat(whole.get(0)).containsExactlyInAnyOrderElementsOf(replies.subList(0, 2));
        assertThat(whole.get(1)).containsExactlyInAnyOrderElementsOf(replies.subList(2, 4));
    }
}
