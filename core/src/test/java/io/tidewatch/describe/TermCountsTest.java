package io.tidewatch.describe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TermCountsTest {

    private static final List<String> WORDS = List.of("kettle", "smart", "the", "of", "toaster", "quiet", "piece", "cake", "boils", "and");

    @Test
    void countsEachTermOncePerText() {
        final TermCounts counts = new TermCounts().add("kettle kettle kettle. Kettle!").add("a smart kettle");
        // Text 1: kettle, "kettle kettle", "kettle kettle kettle" (distinct). Text 2: smart, "smart kettle", kettle.
        assertThat(counts.texts()).isEqualTo(2);
        assertThat(counts.count("kettle")).isEqualTo(2);
        assertThat(counts.count("kettle kettle")).isEqualTo(1);
        assertThat(counts.count("smart kettle")).isEqualTo(1);
        assertThat(counts.count("toaster")).isZero();
        assertThat(counts.total()).isEqualTo(6);
        assertThat(counts.terms()).containsExactlyInAnyOrder("kettle", "kettle kettle", "kettle kettle kettle", "smart", "smart kettle");
    }

    @Test
    void mergeInAnyOrderEqualsAddingAllTextsToOne() {
        final SplittableRandom random = new SplittableRandom(11);
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            final StringBuilder text = new StringBuilder();
            for (int w = random.nextInt(1, 12); w > 0; w--) {
                text.append(WORDS.get(random.nextInt(WORDS.size()))).append(random.nextInt(6) == 0 ? ". " : " ");
            }
            texts.add(text.toString());
        }
        final TermCounts all = TermCounts.of(texts);
        final TermCounts a = TermCounts.of(texts.subList(0, 100));
        final TermCounts b = TermCounts.of(texts.subList(100, 170));
        final TermCounts c = TermCounts.of(texts.subList(170, 300));

        final TermCounts abc = new TermCounts().merge(a).merge(b).merge(c);
        final TermCounts cba = TermCounts.of(texts.subList(170, 300)).merge(TermCounts.of(texts.subList(100, 170)).merge(a));
        assertThat(abc).isEqualTo(all);
        assertThat(cba).isEqualTo(all);
        assertThat(abc.texts()).isEqualTo(300);
        assertThat(abc.total()).isEqualTo(all.total()).isEqualTo(all.terms().stream().mapToLong(all::count).sum());
        for (final String term : all.terms()) {
            assertThat(abc.count(term)).as(term).isEqualTo(all.count(term));
        }
    }

    @Test
    void mergingWithItselfDoublesTheCounts() {
        final TermCounts counts = new TermCounts().add("smart kettle").add("kettle");
        counts.merge(counts);
        assertThat(counts.texts()).isEqualTo(4);
        assertThat(counts.count("kettle")).isEqualTo(4);
        assertThat(counts.count("smart kettle")).isEqualTo(2);
        assertThat(counts.total()).isEqualTo(8);
    }
}
