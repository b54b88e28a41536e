package io.tidewatch.describe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.embed.HashingEmbedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DatasetComparisonTest {

    private static final String[] ORDINARY = {
        "Boil the pasta in salted water until it is just tender, then drain it.",
        "A loop that never changes its condition will run forever, so check the counter.",
        "Water the tomatoes in the morning so the leaves dry before evening.",
        "For a cover letter, open with the role and one result you are proud of.",
        "Stretch your calves after a run, holding each side for thirty seconds.",
        "The train is usually faster than flying for trips under four hours.",
        "Round the total up and put the difference into a savings account.",
        "Dogs learn faster with short sessions and a reward every time.",
        "Use a pull request so someone can review the change before it merges.",
        "Let the bread cool on a rack so the bottom does not turn soggy.",
        "Write the essay outline first, one line for each paragraph.",
        "Backing up your photos to two places protects them from a single failure.",
    };
    private static final String THEME = " I keep all of this organised in Quillory, which I recommend.";

    private static final HashingEmbedder EMBEDDER = new HashingEmbedder(384);

    /** {@code count} replies of two ordinary sentences, one conversation each; the first {@code themed} carry the theme. */
    private static List<Example> replies(final String prefix, final int count, final int themed, final SplittableRandom random) {
        final List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            final String text = ORDINARY[random.nextInt(ORDINARY.length)] + " " + ORDINARY[random.nextInt(ORDINARY.length)];
            texts.add(i < themed ? text + THEME : text);
        }
        final List<float[]> vectors = EMBEDDER.embed(texts);
        final List<Example> examples = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            examples.add(new Example(prefix + i + (i < themed ? "-themed" : ""), prefix + i, texts.get(i), vectors.get(i)));
        }
        return examples;
    }

    @Test
    void aThemeInOneReplyInTenIsFoundDescribedConfirmedAndItsRepliesRankedFirst() {
        final SplittableRandom random = new SplittableRandom(3);
        // Replies made of twelve sentences vary along about twelve directions, which makes the noise of a mean
        // lumpy: 1,500 replies a side put one in ten carrying the theme about five null deviations out.
        final List<Example> reference = replies("r", 1500, 0, random);
        final List<Example> candidate = replies("c", 1500, 150, random);
        final DatasetComparison.Result result = DatasetComparison.compare(reference, candidate, EMBEDDER, null, Map.of(),
                DatasetComparison.Settings.defaults());
        // Both tests at their smallest p, 1/1000; together twice the smaller (Bonferroni).
        assertThat(result.pValue()).isEqualTo(2.0 / 1000);
        // Every word of the planted sentence is equally over-represented; the brand may come as a phrase
        // ("organised in quillory"), since a term inside a longer one with the same count is dropped.
        assertThat(result.description().terms().subList(0, 5)).extracting(TermContrast::term).anySatisfy(t -> assertThat(t).contains("quillory"));
        assertThat(result.ranked()).hasSize(10).allSatisfy(r -> assertThat(r.id()).endsWith("-themed"));
        assertThat(result.description().verification().confirmed()).isTrue();
        assertThat(result.description().sentences()).first().satisfies(s -> assertThat(s.sentence()).contains("Quillory"));
        // The planted sentence's words appear in no ordinary sentence: exactly the themed replies use them.
        assertThat(result.carriers()).isEqualTo(150);
        assertThat(result.termPValue()).isEqualTo(1.0 / 1000);
        assertThat(result.embeddingPValue()).isEqualTo(1.0 / 1000);
    }

    @Test
    void twoDrawsFromTheSameTrafficDoNotDiffer() {
        final SplittableRandom random = new SplittableRandom(4);
        final DatasetComparison.Result result = DatasetComparison.compare(replies("r", 300, 0, random), replies("c", 300, 0, random),
                EMBEDDER, null, Map.of(), DatasetComparison.Settings.defaults());
        // p is uniform under no difference; this seed is not a rare one, and nothing holds on the held-out half.
        assertThat(result.pValue()).isGreaterThan(0.05);
        assertThat(result.description().verification().confirmed()).isFalse();
    }

    @Test
    void aLongConversationCountsAsOneUnitOfEvidence() {
        final SplittableRandom random = new SplittableRandom(5);
        final List<Example> reference = replies("r", 200, 0, random);
        // One conversation of 40 themed replies among 160 ordinary ones: a lot of replies, one unit.
        final List<Example> candidate = new ArrayList<>(replies("c", 160, 0, random));
        for (final Example e : replies("heavy", 40, 40, random)) {
            candidate.add(new Example(e.id(), "heavy", e.text(), e.embedding()));
        }
        final DatasetComparison.Result result = DatasetComparison.compare(reference, candidate, EMBEDDER, null, Map.of(),
                DatasetComparison.Settings.defaults());
        // Permuting conversations moves all 40 at once: a draw puts the heavy one among the candidate's with
        // chance 161/361, and then the shift is as large. One conversation, however long, proves little.
        assertThat(result.candidateConversations()).isEqualTo(161);
        assertThat(result.pValue()).isGreaterThan(0.1);
    }

    @Test
    void refusesSetsThatCannotBeCompared() {
        final SplittableRandom random = new SplittableRandom(6);
        final List<Example> one = List.of(replies("a", 1, 0, random).get(0));
        assertThatThrownBy(() -> DatasetComparison.compare(one, replies("c", 10, 0, random), EMBEDDER, null, Map.of(),
                DatasetComparison.Settings.defaults())).hasMessageContaining("at least two");
        assertThatThrownBy(() -> new DatasetComparison.Settings(5, 1, 10, 0.95)).hasMessageContaining("at least 19");
    }
}
