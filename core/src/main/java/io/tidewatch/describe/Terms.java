package io.tidewatch.describe;

import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.stats.TermSketch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Cuts a text into the terms that describe what it is about: its content words and its two- and
 * three-word phrases. A detected shift is explained to an operator by the terms the shifted replies
 * use more than the reference did, so a term must read as something a person would say about the
 * text ("smart kettle", "piece of cake"), never as glue ("of the", "it is") or a number.
 *
 * <p>Words are maximal runs of Unicode letters or digits (combining marks included), with an
 * apostrophe allowed between two such characters, so "don't" and "model's" are one word and quotes
 * around a word are not part of it; the typographic apostrophe ’ is read as '. Words are
 * lower-cased with {@link Locale#ROOT}. A text's terms are
 * <ul>
 *   <li>its words that are neither stopwords nor all digits, and</li>
 *   <li>its runs of two or three words, joined by one space, that neither start nor end with a
 *       stopword (one may sit inside: "piece of cake") and hold a word that is neither a stopword
 *       nor all digits, so "version 2" is a term but "1 2" and "3 from 2024" are not.</li>
 * </ul>
 * A phrase never spans a clause break: . ! ? ; : , a line break, a bracket, a double quote, an en or em dash
 * or a bar (or their full-width forms). Only the first {@value #MAX_WORDS} words of a text are read.
 */
public final class Terms {

    /** Words read from one text at most, stopwords included: bounds the work a huge reply can cost. */
    public static final int MAX_WORDS = 4_000;

    /** Longest phrase, in words. */
    static final int MAX_PHRASE_WORDS = 3;

    // Characters that end a clause, so no phrase runs across them. The comma is among them: in
    // replies it mostly separates list items and clauses ("kettles, toasters and blenders"), where
    // joining the neighbours ("kettles toasters") would make phrases nobody wrote; a comma inside a
    // real phrase ("a smart, quiet kettle") is rare, and losing it costs less than the noise. A hyphen
    // is not a break, so "smart-kettle" reads as the phrase "smart kettle". Sentence ends need no
    // capital letter after them here (unlike ReplyScorer's sentence splitter): a phrase must not run
    // across "done. then" either, and a stray break after "e.g." or in "3.5" only costs a phrase.
    private static final String BREAKS = ".!?;:,()[]{}\"“”„«»…—–|。！？；：，、";

    // Function words: articles and determiners, pronouns, auxiliaries and modals, prepositions,
    // conjunctions, a few adverbs that carry no topic, the common contractions of these, and the
    // pieces of "e.g." and "i.e.". Negations are here too: "not" alone says nothing about a topic,
    // and what is negated still shows up as its own term.
    private static final Set<String> STOPWORDS = Set.of(
            "a", "an", "the", "this", "that", "these", "those", "some", "any", "each", "every", "all", "both",
            "either", "neither", "no", "other", "another", "such", "own", "same", "more", "most", "few", "many",
            "much", "several", "i", "me", "my", "mine", "myself", "we", "us", "our", "ours", "ourselves", "you",
            "your", "yours", "yourself", "yourselves", "he", "him", "his", "himself", "she", "her", "hers",
            "herself", "it", "its", "itself", "they", "them", "their", "theirs", "themselves", "what", "which",
            "who", "whom", "whose", "am", "is", "are", "was", "were", "be", "been", "being", "have", "has", "had",
            "having", "do", "does", "did", "doing", "can", "could", "will", "would", "shall", "should", "may",
            "might", "must", "about", "above", "after", "against", "along", "among", "around", "at", "before",
            "behind", "below", "between", "by", "down", "during", "for", "from", "in", "into", "of", "off", "on",
            "onto", "out", "over", "per", "through", "to", "toward", "towards", "under", "until", "up", "upon",
            "via", "with", "within", "without", "and", "but", "or", "nor", "so", "yet", "if", "then", "than",
            "because", "as", "while", "although", "though", "whether", "unless", "since", "not", "just", "also",
            "very", "too", "only", "here", "there", "when", "where", "why", "how", "again", "once", "now",
            "even", "still", "etc", "e", "g", "i'm", "i've", "i'll", "i'd", "you're", "you've", "you'll",
            "you'd", "he's", "she's", "it's", "we're", "we've", "we'll", "they're", "they've", "they'll",
            "that's", "there's", "here's", "what's", "let's", "don't", "doesn't", "didn't", "isn't", "aren't",
            "wasn't", "weren't", "won't", "wouldn't", "can't", "cannot", "couldn't", "shouldn't", "haven't",
            "hasn't", "hadn't");

    private Terms() {
    }

    /**
     * The terms of one text, in the order they occur, a term as often as it occurs: at each word its
     * unigram if it is a term, then the two- and three-word phrases starting there that are terms.
     */
    public static List<String> of(final String text) {
        final List<String> terms = new ArrayList<>();
        final List<String> clause = new ArrayList<>();
        int words = 0;
        int i = 0;
        while (i < text.length() && words < MAX_WORDS) {
            final int c = text.codePointAt(i);
            if (Character.isLetterOrDigit(c)) {
                final int end = wordEnd(text, i);
                clause.add(text.substring(i, end).replace('’', '\'').toLowerCase(Locale.ROOT));
                words++;
                i = end;
            } else {
                if (isBreak(c)) {
                    addClauseTerms(clause, terms);
                    clause.clear();
                }
                i += Character.charCount(c);
            }
        }
        addClauseTerms(clause, terms);
        return terms;
    }

    /**
     * The hashes ({@link TermSketch#hash}) of a text's distinct terms: what a reply carries to the
     * detect stage, which counts terms in a {@link TermSketch} and never sees the whole reply.
     */
    public static int[] hashes(final String text) {
        return new LinkedHashSet<>(of(text)).stream().mapToInt(TermSketch::hash).toArray();
    }

    /**
     * The sentences of a reply, as {@link ReplyScorer#sentences} cuts them (so excerpts shown next
     * to the terms match the sentences the scorer saw): at . ! or ? before a capital, digit or
     * opening quote, and at every line break; at most 32 sentences, the last holding the rest.
     */
    public static List<String> sentences(final String text) {
        return ReplyScorer.sentences(text);
    }

    /** Whether the word is one of the function words that are never a term nor end a phrase. */
    static boolean isStopword(final String word) {
        return STOPWORDS.contains(word);
    }

    /** The end of the word starting at {@code start}: letters, digits, marks, and inner apostrophes. */
    private static int wordEnd(final String text, final int start) {
        int i = start;
        while (i < text.length()) {
            final int c = text.codePointAt(i);
            if (isWordPart(c)) {
                i += Character.charCount(c);
            } else if ((c == '\'' || c == '’') && i + 1 < text.length() && Character.isLetterOrDigit(text.codePointAt(i + 1))) {
                // An apostrophe belongs to the word only with a letter or digit on both sides, so the
                // closing quote of 'this' or the plural possessive in "the users' replies" is dropped.
                i += 1 + Character.charCount(text.codePointAt(i + 1));
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isWordPart(final int c) {
        if (Character.isLetterOrDigit(c)) {
            return true;
        }
        // Combining marks continue a word, so a decomposed "é" or a Devanagari vowel sign does not split it.
        final int type = Character.getType(c);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK;
    }

    private static boolean isBreak(final int c) {
        if (c == '\n' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085') {
            return true;
        }
        final int type = Character.getType(c);
        return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR || BREAKS.indexOf(c) >= 0;
    }

    private static void addClauseTerms(final List<String> clause, final List<String> terms) {
        for (int start = 0; start < clause.size(); start++) {
            final String first = clause.get(start);
            if (isStopword(first)) {
                continue;
            }
            boolean content = !isDigits(first);
            if (content) {
                terms.add(first);
            }
            final StringBuilder phrase = new StringBuilder(first);
            for (int end = start + 1; end < Math.min(clause.size(), start + MAX_PHRASE_WORDS); end++) {
                final String word = clause.get(end);
                phrase.append(' ').append(word);
                final boolean stopword = isStopword(word);
                content |= !stopword && !isDigits(word);
                if (!stopword && content) {
                    terms.add(phrase.toString());
                }
            }
        }
    }

    private static boolean isDigits(final String word) {
        return word.codePoints().allMatch(Character::isDigit);
    }
}
