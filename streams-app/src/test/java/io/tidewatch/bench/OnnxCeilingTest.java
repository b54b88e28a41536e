package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

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

        final List<List<String>> batches = OnnxCeiling.batches(texts, 32);

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

        final List<List<String>> batches = OnnxCeiling.batches(texts, texts.size());

        final List<String> byLength = texts.stream().sorted((a, b) -> Integer.compare(a.length(), b.length())).toList();
        assertThat(batches).containsExactly(byLength.subList(0, MiniLmEmbedder.MAX_BATCH),
                byLength.subList(MiniLmEmbedder.MAX_BATCH, byLength.size()));
    }
}
