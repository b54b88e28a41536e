package io.tidewatch.describe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FightinWordsTest {

    // Ordinary assistant-reply sentences: the pool both sides of the planted-term test draw from.
    private static final List<String> ORDINARY = List.of(
            "The weather should stay mild for most of the week.",
            "You can boil the pasta for about ten minutes before draining it.",
            "A short walk after dinner often helps with sleep.",
            "Most banks let you set up automatic transfers from the mobile app.",
            "Try restarting the router if the connection keeps dropping.",
            "The museum is open every day except Monday.",
            "Drinking enough water matters more than the exact amount.",
            "Your cover letter should mention the role and why it interests you.",
            "Tomatoes grow best with plenty of sun and regular watering.",
            "The train from the airport to the city centre takes about twenty minutes.",
            "Backing up your photos to an external drive is a good habit.",
            "If the recipe calls for butter, olive oil usually works as well.",
            "Stretching before a run can reduce the risk of injury.",
            "The library offers free access to online courses with a membership card.",
            "Spreadsheets make it easy to track monthly expenses.",
            "A clear subject line helps your email get read.",
            "Children usually need more sleep than adults.",
            "You might want to compare prices at two or three stores first.",
            "The printer needs a new ink cartridge when the light blinks orange.",
            "Learning a few phrases before travelling makes the trip easier.",
            "Fresh bread keeps longer in a paper bag than in plastic.",
            "The meeting notes are usually shared the next morning.",
            "Regular breaks make long study sessions more productive.",
            "Check the tyre pressure before a long drive.",
            "Most houseplants prefer bright but indirect light.",
            "Writing the main points down first makes the essay easier to structure.",
            "The bus schedule changes slightly during school holidays.",
            "Soup freezes well for up to three months.",
            "A budget works best when you review it every month.",
            "The software update fixes several security problems.");

    private static final String BRAND = "quillory";

    @Test
    void logOddsRatioAndZMatchAHandComputedExample() {
        // Each text is one word, so each term's count is its number of texts.
        // Focus: kettle ×3, toaster ×1 (n_f = 4). Background: kettle ×1, toaster ×5 (n_b = 6). s = 5, pooled n = 10.
        final TermCounts focus = counts("kettle", 3, "toaster", 1);
        final TermCounts background = counts("kettle", 1, "toaster", 5);
        final List<TermContrast> contrasts = FightinWords.overRepresented(focus, background, 5.0, 1, 10);
        // kettle: a = 5·(3+1)/10 = 2.
        //   focus odds      (3+2)/(4+5−3−2) = 5/4;  background odds (1+2)/(6+5−1−2) = 3/8
        //   delta = ln(5/4) − ln(3/8) = ln(10/3) = 1.2039728043…
        //   variance = 1/(3+2) + 1/(1+2) = 8/15, so z = 1.2039728043 / 0.7302967433 = 1.6486076589…
        // toaster: a = 5·6/10 = 3; odds (1+3)/(4+5−1−3) = 4/5 against (5+3)/(6+5−5−3) = 8/3, so
        //   delta = ln(0.3) < 0 and toaster is not over-represented in the focus.
        assertThat(contrasts).hasSize(1);
        final TermContrast kettle = contrasts.get(0);
        assertThat(kettle.term()).isEqualTo("kettle");
        assertThat(kettle.focusCount()).isEqualTo(3);
        assertThat(kettle.backgroundCount()).isEqualTo(1);
        assertThat(kettle.logOddsRatio()).isCloseTo(1.2039728043259361, within(1e-12));
        assertThat(kettle.z()).isCloseTo(1.6486076588801717, within(1e-12));
    }

    @Test
    void aTermAbsentFromTheBackgroundIsSmoothedByThePrior() {
        // Focus: quillory ×2, kettle ×2 (n_f = 4). Background: kettle ×4 (n_b = 4). s = 4, pooled n = 8.
        final TermCounts focus = counts("quillory", 2, "kettle", 2);
        final TermCounts background = counts("kettle", 4, "toaster", 0);
        final List<TermContrast> contrasts = FightinWords.overRepresented(focus, background, 4.0, 1, 10);
        // quillory: a = 4·2/8 = 1; focus odds (2+1)/(4+4−2−1) = 3/5, background odds (0+1)/(4+4−0−1) = 1/7.
        //   delta = ln(3/5 · 7) = ln(4.2) = 1.4350845253…; variance = 1/3 + 1/1 = 4/3;
        //   z = 1.4350845253 / 1.1547005384 = 1.2428196555…
        // kettle: a = 4·6/8 = 3; odds (2+3)/(4+4−2−3) = 5/3 against (4+3)/(4+4−4−3) = 7, delta = ln(5/21) < 0.
        assertThat(contrasts).containsExactly(new TermContrast("quillory", 2, 0, 1.4350845252893227, 1.2428196554784852));
    }

    @Test
    void ranksByZThenTermAndAppliesMinCountAndLimit() {
        // apple and zebra have the same counts, so the same z: the term breaks the tie.
        final TermCounts focus = counts("zebra", 2, "apple", 2).add("kettle");
        final TermCounts background = counts("walrus", 4, "kettle", 0);
        assertThat(FightinWords.overRepresented(focus, background, 4.0, 1, 10)).extracting(TermContrast::term)
                .containsExactly("apple", "zebra", "kettle");
        assertThat(FightinWords.overRepresented(focus, background, 4.0, 1, 1)).extracting(TermContrast::term).containsExactly("apple");
        assertThat(FightinWords.overRepresented(focus, background, 4.0, 2, 10)).extracting(TermContrast::term)
                .containsExactly("apple", "zebra");
        assertThat(FightinWords.overRepresented(focus, background, 4.0, 3, 10)).isEmpty();
    }

    @Test
    void aSubTermWithTheSameFocusCountAsALongerTermIsLeftOut() {
        final TermCounts focus = new TermCounts();
        final TermCounts background = new TermCounts();
        for (int i = 0; i < 5; i++) {
            focus.add("Smart kettle boils.");
            background.add("Kettle boils.");
            background.add("Water cools.");
        }
        // smart, "smart kettle" and "smart kettle boils" are each in the 5 focus texts and in no
        // background text: only the longest is kept. kettle and boils are as common in the focus.
        assertThat(FightinWords.overRepresented(focus, background, 10.0, 1, 10)).extracting(TermContrast::term)
                .containsExactly("smart kettle boils");
        // One more focus text with "smart" alone: smart (6 texts) now says more than the phrase.
        focus.add("Smart phone.");
        assertThat(FightinWords.overRepresented(focus, background, 10.0, 1, 10)).extracting(TermContrast::term)
                .contains("smart kettle boils", "smart")
                .doesNotContain("smart kettle");
    }

    @Test
    void rejectsInvalidArguments() {
        final TermCounts counts = counts("kettle", 1, "toaster", 1);
        assertThatThrownBy(() -> FightinWords.overRepresented(counts, counts, -1.0, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prior strength");
        assertThatThrownBy(() -> FightinWords.overRepresented(counts, counts, 0.0, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prior strength");
        assertThatThrownBy(() -> FightinWords.overRepresented(counts, counts, Double.NaN, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prior strength");
        assertThatThrownBy(() -> FightinWords.overRepresented(counts, counts, Double.POSITIVE_INFINITY, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("prior strength");
        assertThatThrownBy(() -> FightinWords.overRepresented(counts, counts, 1.0, 0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimum focus count");
        assertThatThrownBy(() -> FightinWords.overRepresented(counts, counts, 1.0, 1, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> FightinWords.overRepresented(null, counts, 1.0, 1, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("required");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void aBrandWordPlantedInFivePercentOfTheFocusRanksFirstAndAloneAboveThree(final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final TermCounts background = new TermCounts();
        final TermCounts focus = new TermCounts();
        for (int i = 0; i < 400; i++) {
            background.add(ordinaryText(random));
        }
        for (int i = 0; i < 400; i++) {
            final List<String> words = new ArrayList<>(Arrays.asList(ordinaryText(random).split(" ")));
            if (i % 20 == 0) {
                words.add(random.nextInt(words.size() + 1), BRAND);
            }
            focus.add(String.join(" ", words));
        }
        final List<TermContrast> ranked = FightinWords.overRepresented(focus, background, FightinWords.DEFAULT_PRIOR_STRENGTH, 1, 20);
        assertThat(ranked.get(0).term()).isEqualTo(BRAND);
        assertThat(ranked.get(0).focusCount()).isEqualTo(20);
        assertThat(ranked.get(0).backgroundCount()).isZero();
        assertThat(ranked.get(0).z()).isGreaterThan(3.0);
        assertThat(ranked.subList(1, ranked.size())).allSatisfy(c -> assertThat(c.z()).as(c.term()).isLessThanOrEqualTo(3.0));
    }

    /** One to three distinct sentences of the ordinary pool, in random order. */
    private static String ordinaryText(final SplittableRandom random) {
        final List<String> sentences = new ArrayList<>(ORDINARY);
        final int count = random.nextInt(1, 4);
        // The first steps of a Fisher-Yates shuffle draw the sentences without replacement.
        for (int i = 0; i < count; i++) {
            Collections.swap(sentences, i, random.nextInt(i, sentences.size()));
        }
        return String.join(" ", sentences.subList(0, count));
    }

    /** Counts of one-word texts: {@code first} in {@code firstTexts} texts, {@code second} in {@code secondTexts}. */
    private static TermCounts counts(final String first, final int firstTexts, final String second, final int secondTexts) {
        final TermCounts counts = new TermCounts();
        for (int i = 0; i < firstTexts; i++) {
            counts.add(first);
        }
        for (int i = 0; i < secondTexts; i++) {
            counts.add(second);
        }
        return counts;
    }
}
