package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import io.tidewatch.concept.ReplyScorer;
import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTextsTest {

    private static final int COUNT = 2000;

    @Test
    void uniqueTextsRepeatNoSentenceAndKeepTheCorpussSentences() {
        final List<String> corpus = BenchTexts.of(BenchTexts.Kind.CORPUS, COUNT);
        final List<String> unique = BenchTexts.of(BenchTexts.Kind.UNIQUE, COUNT);
        final List<String> sentences = unique.stream().flatMap(t -> ReplyScorer.sentences(t).stream()).toList();
        assertThat(sentences).doesNotHaveDuplicates();
        // The corpus repeats itself; the unique stream cuts into the same sentences, each numbered.
        assertThat(corpus.stream().flatMap(t -> ReplyScorer.sentences(t).stream()).distinct().count()).isLessThan(sentences.size() / 5);
        for (int i = 0; i < COUNT; i++) {
            assertThat(ReplyScorer.sentences(unique.get(i))).hasSameSizeAs(ReplyScorer.sentences(corpus.get(i)));
        }
    }

    @Test
    void boilerplateOpensThirtyAndClosesFortyPercentOfRepliesWithStockPhrases() {
        final List<String> unique = BenchTexts.of(BenchTexts.Kind.UNIQUE, COUNT);
        final List<String> boilerplate = BenchTexts.of(BenchTexts.Kind.BOILERPLATE, COUNT);
        int opened = 0;
        int closed = 0;
        for (int i = 0; i < COUNT; i++) {
            final List<String> with = ReplyScorer.sentences(boilerplate.get(i));
            final List<String> without = ReplyScorer.sentences(unique.get(i));
            final boolean opens = !with.get(0).equals(without.get(0));
            final boolean closes = !with.get(with.size() - 1).equals(without.get(without.size() - 1));
            assertThat(with).hasSize(without.size() + (opens ? 1 : 0) + (closes ? 1 : 0));
            opened += opens ? 1 : 0;
            closed += closes ? 1 : 0;
        }
        assertThat((double) opened / COUNT).isCloseTo(0.3, offset(4 * Math.sqrt(0.3 * 0.7 / COUNT)));
        assertThat((double) closed / COUNT).isCloseTo(0.4, offset(4 * Math.sqrt(0.4 * 0.6 / COUNT)));
    }
}
