package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidewatch.embed.HashingEmbedder;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ReplyScorerTest {

    private final HashingEmbedder embedder = new HashingEmbedder(64);
    private final ConceptCatalog catalog = ConceptCatalog.compile(List.of(new ConceptSpec("pirate-talk", "talks like a pirate", true,
            List.of("arr matey ahoy", "treasure plunder galleon"), List.of("weather recipe garden", "python budget email"), Map.of())),
            embedder);

    @Test
    void splitsSentencesAtTerminalPunctuationAndLineBreaksOnly() {
        assertThat(ReplyScorer.sentences("First one. Second one! Third?")).containsExactly("First one.", "Second one!", "Third?");
        assertThat(ReplyScorer.sentences("Use a tool, e.g. this one, for it.")).containsExactly("Use a tool, e.g. this one, for it.");
        assertThat(ReplyScorer.sentences("It costs 3.50 dollars. Then more.")).containsExactly("It costs 3.50 dollars.", "Then more.");
        assertThat(ReplyScorer.sentences("He said \"Stop.\" Then he left.")).containsExactly("He said \"Stop.\"", "Then he left.");
        assertThat(ReplyScorer.sentences("Steps:\n1) mix\n2) bake")).containsExactly("Steps:", "1) mix", "2) bake");
        assertThat(ReplyScorer.sentences("no punctuation at all")).containsExactly("no punctuation at all");
    }

    @Test
    void aVeryLongReplyKeepsItsTailInTheLastSentence() {
        final String reply = IntStream.range(0, 40).mapToObj(i -> "Sentence " + i + ".").collect(Collectors.joining(" "));
        final List<String> sentences = ReplyScorer.sentences(reply);
        assertThat(sentences).hasSize(ReplyScorer.MAX_SENTENCES);
        assertThat(sentences.get(ReplyScorer.MAX_SENTENCES - 1)).startsWith("Sentence 31.").endsWith("Sentence 39.");
    }

    @Test
    void sentenceModeScoresEachConceptByItsBestSentenceAndEmbedsTheReplyAsTheMeanOfItsSentences() {
        final String reply = "The weather is fine for the garden. Arr matey, treasure ahoy! Back to your budget email.";
        final ReplyScorer.Scored scored = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.SENTENCE).score(List.of(reply)).get(0);

        final List<float[]> sentences = embedder.embed(ReplyScorer.sentences(reply));
        final double best = sentences.stream().mapToDouble(e -> catalog.score(e).get("pirate-talk")).max().orElseThrow();
        assertThat(scored.scores()).containsOnlyKeys("pirate-talk");
        assertThat(scored.scores().get("pirate-talk")).isEqualTo(best);
        final double[] mean = VectorMath.mean(sentences);
        final double norm = Math.sqrt(VectorMath.dot(toFloat(mean), toFloat(mean)));
        for (int i = 0; i < mean.length; i++) {
            assertThat((double) scored.embedding()[i]).isCloseTo(mean[i] / norm, within(1e-6));
        }
    }

    @Test
    void sentenceModeRecordsWhichSentenceScoredAndWhichIsLeastLikeTheRest() {
        final String reply = "Water the garden early in the morning today. Arr matey, treasure ahoy and plunder the galleon! "
                + "Check the weather before you water the garden. Hope this helps!";
        final ReplyScorer.Scored scored = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.SENTENCE).score(List.of(reply)).get(0);
        assertThat(scored.sentences()).isEqualTo(ReplyScorer.sentences(reply));
        assertThat(scored.top()).containsExactly(Map.entry("pirate-talk", 1));
        // "Hope this helps!" is unlike the rest too, but too short to say anything.
        assertThat(scored.unusual()).isEqualTo(1);
        final ReplyScorer.Scored whole = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.REPLY).score(List.of(reply)).get(0);
        assertThat(whole.sentences()).isEmpty();
        assertThat(whole.top()).isEmpty();
        assertThat(whole.unusual()).isEqualTo(-1);
    }

    @Test
    void promptsAreScoredWholeInTheSameEmbedderCallAsTheirReplies() {
        final List<String> replies = List.of("The weather is fine. Arr matey!", "Python budget email.", "Ahoy.");
        final List<String> prompts = java.util.Arrays.asList("talk like a pirate about treasure, please", null, " ");
        for (final ReplyScorer.Mode mode : ReplyScorer.Mode.values()) {
            final int before = embedder.batches();
            final ReplyScorer.Batch batch = new ReplyScorer(embedder, catalog, mode).score(replies, prompts);
            assertThat(embedder.batches() - before).as("one call in %s mode", mode).isEqualTo(1);
            assertThat(batch.prompts().get(0)).isEqualTo(catalog.score(embedder.embed(List.of(prompts.get(0))).get(0)));
            assertThat(batch.prompts().subList(1, 3)).as("no prompt, a blank one").containsOnly(Map.of());
            // The replies score as they do alone.
            assertThat(batch.replies()).extracting(ReplyScorer.Scored::scores)
                    .isEqualTo(new ReplyScorer(embedder, catalog, mode).score(replies).stream().map(ReplyScorer.Scored::scores).toList());
        }
    }

    @Test
    void theUnusualSentenceHasTheLowestCosineWithTheMeanOfTheOthers() {
        final List<float[]> embeddings = List.of(new float[] {1, 0}, new float[] {0, 1}, new float[] {1, 0});
        final double[] mean = VectorMath.mean(embeddings);
        final String words = "one two three four five six";
        // Sentence 1 is orthogonal to the mean of the others (cosine 0); sentences 0 and 2 have cosine 0.71 with theirs.
        assertThat(ReplyScorer.unusual(List.of(words, words, words), embeddings, mean)).isEqualTo(1);
        // Too short to be chosen, it leaves the first of the tied others.
        assertThat(ReplyScorer.unusual(List.of(words, "one two three", words), embeddings, mean)).isEqualTo(0);
        assertThat(ReplyScorer.unusual(List.of(words), embeddings.subList(0, 1), VectorMath.mean(embeddings.subList(0, 1)))).isEqualTo(-1);
    }

    @Test
    void oneBuriedSentenceLiftsTheSentenceScoreMoreThanTheReplyScore() {
        final String reply = "Water the garden in the morning. Check the weather first. Arr matey, treasure ahoy plunder! "
                + "Then plan the budget. Send the email.";
        final double sentence = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.SENTENCE).score(List.of(reply)).get(0).scores().get("pirate-talk");
        final double whole = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.REPLY).score(List.of(reply)).get(0).scores().get("pirate-talk");
        assertThat(sentence).isGreaterThan(whole);
    }

    @Test
    void replyModeProjectsTheWholeReplyAndEachBatchIsOneEmbedderCall() {
        final List<String> replies = List.of("Arr matey. Ahoy!", "The weather is fine. Python budget.");
        final int before = embedder.batches();
        final List<ReplyScorer.Scored> whole = new ReplyScorer(embedder, catalog, ReplyScorer.Mode.REPLY).score(replies);
        new ReplyScorer(embedder, catalog, ReplyScorer.Mode.SENTENCE).score(replies);
        assertThat(embedder.batches() - before).isEqualTo(2);
        assertThat(whole.get(0).scores()).isEqualTo(catalog.score(embedder.embed(List.of(replies.get(0))).get(0)));
        assertThat(whole.get(0).embedding()).containsExactly(embedder.embed(List.of(replies.get(0))).get(0));
    }

    @Test
    void modesParseByNameAndNameTheChoicesOtherwise() {
        assertThat(ReplyScorer.Mode.parse(" Sentence ")).isEqualTo(ReplyScorer.Mode.SENTENCE);
        assertThat(ReplyScorer.Mode.REPLY).hasToString("reply");
        assertThatThrownBy(() -> ReplyScorer.Mode.parse("words")).hasMessageContaining("'words'").hasMessageContaining("sentence or reply");
    }

    private static float[] toFloat(final double[] v) {
        final float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            f[i] = (float) v[i];
        }
        return f;
    }
}
