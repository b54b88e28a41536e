package io.tidewatch.describe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class TermsTest {

    @Test
    void wordsAreLowerCasedAndKeepInnerApostrophes() {
        // Words: don't(stop) worry | the(stop) model's reply was(stop) great; the comma ends a clause.
        assertThat(Terms.of("Don't worry, the Model's reply was GREAT."))
                .containsExactly("worry", "model's", "model's reply", "reply", "reply was great", "great");
        // The typographic apostrophe is read as ', so "It’s" is the stopword "it's".
        assertThat(Terms.of("It’s the user’s kettle")).containsExactly("user's", "user's kettle", "kettle");
        // Quotes around a word and a trailing plural-possessive apostrophe are not part of it.
        assertThat(Terms.of("'quoted' words")).containsExactly("quoted", "quoted words", "words");
        assertThat(Terms.of("the users' replies")).containsExactly("users", "users replies", "replies");
    }

    @Test
    void wordsAreUnicodeLettersAndDigitsAndHyphensSplitThem() {
        assertThat(Terms.of("Straße ПРИВЕТ")).containsExactly("straße", "straße привет", "привет");
        // A decomposed é (e + combining acute) stays one word.
        assertThat(Terms.of("cafe\u0301")).containsExactly("cafe\u0301");
        assertThat(Terms.of("smart-kettle")).containsExactly("smart", "smart kettle", "kettle");
    }

    @Test
    void phrasesNeitherStartNorEndWithAStopwordButMayHoldOne() {
        assertThat(Terms.of("a piece of cake")).containsExactly("piece", "piece of cake", "cake");
        assertThat(Terms.of("it is what it is")).isEmpty();
        // Only two- and three-word phrases: "smart quiet kettle today" has no four-word term.
        assertThat(Terms.of("smart quiet kettle today"))
                .containsExactly("smart", "smart quiet", "smart quiet kettle", "quiet", "quiet kettle", "quiet kettle today", "kettle",
                        "kettle today", "today");
    }

    @Test
    void noPhraseCrossesASentenceOrClauseBreak() {
        final List<String> terms = Terms.of("I like the smart kettle. Kettle prices rose!\nNew models ship; boil water: pour slowly. then "
                + "wait? Kettles, toasters and blenders (cheap) \"quiet\" fans");
        assertThat(terms).contains("smart kettle", "kettle prices rose", "new models ship", "boil water", "pour slowly",
                "toasters and blenders");
        assertThat(terms).doesNotContain("kettle kettle", "rose new", "ship boil", "water pour", "slowly wait", "kettles toasters",
                "blenders cheap", "cheap quiet", "quiet fans");
        // A sentence end breaks a phrase even when no capital follows it.
        assertThat(Terms.of("boil water. pour slowly")).doesNotContain("water pour");
    }

    @Test
    void pureDigitWordsAreNeverTermsAlone() {
        final List<String> terms = Terms.of("Pick 1 2 3 from 2024 gpt4o 3rd version 2");
        assertThat(terms).contains("pick 1", "pick 1 2", "gpt4o", "3rd", "version 2", "3rd version 2");
        assertThat(terms).doesNotContain("1", "2", "3", "2024", "1 2", "2 3", "1 2 3", "3 from 2024");
    }

    @Test
    void readsAtMostTheFirstFourThousandWords() {
        final String text = IntStream.range(0, 5_000).mapToObj(i -> "w" + i + ".").collect(Collectors.joining(" "));
        final List<String> terms = Terms.of(text);
        assertThat(terms).hasSize(Terms.MAX_WORDS);
        assertThat(terms.get(terms.size() - 1)).isEqualTo("w3999");
        // Stopwords count towards the bound too.
        assertThat(Terms.of("the ".repeat(4_000) + "kettle")).isEmpty();
    }

    @Test
    void sentencesAreTheReplyScorersSentences() {
        assertThat(Terms.sentences("First one. Second one!\nThird, e.g. this")).containsExactly("First one.", "Second one!", "Third, e.g. this");
    }
}
