package io.tidewatch.describe;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.concept.ReplyScorer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PassagesTest {

    private static final String REPLY = "Alpha beta gamma. Delta epsilon zeta eta. Theta iota kappa.";
    private static final List<String> SENTENCES = ReplyScorer.sentences(REPLY);

    @Test
    void sentencesAreFoundWhereTheyStandInTheReply() {
        assertThat(SENTENCES).containsExactly("Alpha beta gamma.", "Delta epsilon zeta eta.", "Theta iota kappa.");
        assertThat(Passages.offsets(REPLY, SENTENCES)).containsExactly(0, 18, 42);
        // A sentence that occurs twice is found the second time after the first.
        assertThat(Passages.offsets("Yes. Yes.", List.of("Yes.", "Yes."))).containsExactly(0, 5);
        // Sentences of another text give no offsets, and the reply no passages, rather than an error.
        assertThat(Passages.offsets(REPLY, List.of("Not in it."))).isNull();
        assertThat(Passages.of("Another reply entirely.", new ReplyScorer.Scored(Map.of(), new float[0], false, SENTENCES, Map.of("a", 0), -1),
                280)).isEmpty();
    }

    @Test
    void aSentenceIsCentredWithItsNeighboursCutAtWordsAndMarked() {
        // 23 characters of sentence leave 17: 8 before (a mark and "gamma. ") and 9 after, cut back to " Theta" and a mark.
        final Passage middle = Passages.centred(REPLY, 18, 41, 40, List.of("c"));
        assertThat(middle.excerpt()).isEqualTo("…gamma. Delta epsilon zeta eta. Theta…");
        assertThat(middle.sentence()).isEqualTo("Delta epsilon zeta eta.");
        assertThat(middle.concepts()).containsExactly("c");
        // The first sentence has nothing before it, so the text after it gets all the room.
        assertThat(Passages.centred(REPLY, 0, 17, 40, List.of()).excerpt()).isEqualTo("Alpha beta gamma. Delta epsilon zeta…");
        // The last likewise gives its room to the text before it.
        assertThat(Passages.centred(REPLY, 42, 59, 40, List.of()).excerpt()).isEqualTo("…epsilon zeta eta. Theta iota kappa.");
        // With room for the whole reply, the whole reply.
        assertThat(Passages.centred(REPLY, 18, 41, 280, List.of()).excerpt()).isEqualTo(REPLY);
    }

    @Test
    void aSentenceLongerThanTheCapIsItsOwnStartCutAtAWord() {
        final Passage cut = Passages.centred(REPLY, 18, 41, 10, List.of());
        assertThat(cut.excerpt()).isEqualTo("Delta…");
        assertThat(cut.sentence()).isEqualTo("Delta…");
    }

    @Test
    void passagesNeverExceedTheCapAndAlwaysHoldTheirSentence() {
        final String reply = "Short. " + "Word ".repeat(60) + "end. The key sentence sits here. " + "Tail ".repeat(60) + "done.";
        final List<String> sentences = ReplyScorer.sentences(reply);
        final int key = sentences.indexOf("The key sentence sits here.");
        for (int cap = 1; cap <= 400; cap++) {
            final Passage p = Passages.of(reply, scored(sentences, Map.of("c", key), -1), cap).get(0);
            assertThat(p.excerpt().length()).as("cap %d", cap).isLessThanOrEqualTo(cap);
            assertThat(p.excerpt()).as("cap %d", cap).contains(p.sentence());
            if (cap >= "The key sentence sits here.".length()) {
                assertThat(p.sentence()).as("cap %d", cap).isEqualTo("The key sentence sits here.");
            }
        }
    }

    @Test
    void eachSentenceIsOnePassageNamingEveryConceptItScoredAndTheUnusualOneComesLast() {
        final Map<String, Integer> top = new LinkedHashMap<>();
        top.put("a", 1);
        top.put("b", 1);
        top.put("c", 0);
        final List<Passage> passages = Passages.of(REPLY, scored(SENTENCES, top, 2), 280);
        assertThat(passages).extracting(Passage::sentence).containsExactly("Delta epsilon zeta eta.", "Alpha beta gamma.", "Theta iota kappa.");
        assertThat(passages).extracting(Passage::concepts).containsExactly(List.of("a", "b"), List.of("c"), List.of());
        // The unusual sentence is not repeated when it also scored.
        assertThat(Passages.of(REPLY, scored(SENTENCES, top, 1), 280)).hasSize(2);
    }

    @Test
    void noPassagesWhenExcerptsAreOffOrTheReplyWasScoredWhole() {
        assertThat(Passages.of(REPLY, scored(SENTENCES, Map.of("a", 0), -1), 0)).isEmpty();
        assertThat(Passages.of(REPLY, new ReplyScorer.Scored(Map.of("a", 0.5), new float[0], false), 280)).isEmpty();
    }

    private static ReplyScorer.Scored scored(final List<String> sentences, final Map<String, Integer> top, final int unusual) {
        return new ReplyScorer.Scored(Map.of(), new float[0], false, sentences, top, unusual);
    }
}
