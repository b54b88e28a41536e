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

    @Test
    void aPassNeverTakesTextsFromTwoFlushes() {
        // Long and short texts alternate: sorting them all at once would put the short ones of both flushes together.
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            texts.add(text(i % 2 == 0 ? 100 : 10, i));
        }

        final List<List<String>> batches = OnnxCeiling.batches(texts, 32, ReplyScorer.Mode.REPLY);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactlyInAnyOrderElementsOf(texts.subList(0, 32));
        assertThat(batches.get(1)).containsExactlyInAnyOrderElementsOf(texts.subList(32, 64));
    }

    @Test
    void aFlushLargerThanAPassIsCutAsTheEmbedderCutsIt() {
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2 * MiniLmEmbedder.MAX_BATCH; i++) {
            texts.add(text(10 + i, i));
        }
        Collections.shuffle(texts, new Random(1));

        final List<List<String>> batches = OnnxCeiling.batches(texts, texts.size(), ReplyScorer.Mode.REPLY);

        final List<String> byLength = texts.stream().sorted((a, b) -> Integer.compare(a.length(), b.length())).toList();
        assertThat(batches).containsExactly(byLength.subList(0, MiniLmEmbedder.MAX_BATCH),
                byLength.subList(MiniLmEmbedder.MAX_BATCH, byLength.size()));
    }

    @Test
    void withSentenceScoringTheCeilingEmbedsEachFlushsSentencesAsTheScorerCutsThem() {
        final List<String> replies = List.of("Alpha one. Alpha two! Alpha three?", "Beta one. Beta two.",
                "Gamma one.\nGamma two.", "Delta, e.g. one sentence.");

        final List<List<String>> batches = OnnxCeiling.batches(replies, 2, ReplyScorer.Mode.SENTENCE);

        assertThat(batches).hasSize(2);
        assertThat(batches.get(0)).containsExactlyInAnyOrder("Alpha one.", "Alpha two!", "Alpha three?", "Beta one.", "Beta two.");
        assertThat(batches.get(1)).containsExactlyInAnyOrder("Gamma one.", "Gamma two.", "Delta, e.g. one sentence.");
        final List<List<String>> whole = OnnxCeiling.batches(replies, 2, ReplyScorer.Mode.REPLY);
        assertThat(whole).hasSize(2);
        assertThat(whole.get(0)).containsExactlyInAnyOrderElementsOf(replies.subList(0, 2));
        assertThat(whole.get(1)).containsExactlyInAnyOrderElementsOf(replies.subList(2, 4));
    }

    @Test
    void aFlushWithMoreSentencesThanAPassIsCutAsTheEmbedderCutsThem() {
        // Twelve replies of three sentences: one flush, 36 sentences, so a full pass and one of the four longest.
        final List<String> replies = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            replies.add("Short " + i + ". A longer sentence " + i + " here. The longest sentence of reply " + i + " is this one.");
        }

        final List<List<String>> batches = OnnxCeiling.batches(replies, replies.size(), ReplyScorer.Mode.SENTENCE);

        final List<String> sentences = replies.stream().flatMap(r -> ReplyScorer.sentences(r).stream()).toList();
        assertThat(sentences).hasSize(36);
        assertThat(batches).isEqualTo(
                MiniLmEmbedder.passes(sentences).stream().map(pass -> pass.stream().map(sentences::get).toList()).toList());
        assertThat(batches).extracting(List::size).containsExactly(MiniLmEmbedder.MAX_BATCH, 36 - MiniLmEmbedder.MAX_BATCH);
    }
}
