package io.tidewatch.bench;

import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.demo.DemoTraffic;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * Replies of realistic length for benchmarks: three consecutive ordinary replies of the demo
 * corpus joined into one (about 150 words, 170-200 tokens), so every benchmark measures the
 * same texts. The corpus holds 256 replies, so its texts repeat; {@link Kind#UNIQUE} and {@link
 * Kind#BOILERPLATE} make every sentence distinct, for measuring what the embedding cache saves.
 */
public final class BenchTexts {

    /** Which stream of replies a benchmark runs on. */
    public enum Kind {
        /** The corpus's replies as they are: whole replies and sentences repeat every 256 replies. */
        CORPUS,
        /** No sentence repeats: each sentence carries a number of its own, a few tokens more than the corpus's. */
        UNIQUE,
        /**
         * {@link #UNIQUE}, with the stock phrases assistants use: 30% of replies open with one of
         * eight openers and 40% close with one of eight sign-offs. These shares are this benchmark's
         * assumption, not a measurement of real traffic.
         */
        BOILERPLATE;

        /** The kind named {@code name} (corpus, unique or boilerplate). */
        public static Kind parse(final String name) {
            try {
                return valueOf(name.toUpperCase(Locale.ROOT));
            } catch (final IllegalArgumentException e) {
                throw new IllegalArgumentException("texts must be corpus, unique or boilerplate, not '" + name + "'");
            }
        }
    }

    private static final List<String> OPENERS = List.of("Great question!", "Sure!", "Certainly!", "Happy to help!", "Good question.",
            "Of course!", "Absolutely.", "Thanks for asking!");
    private static final List<String> SIGN_OFFS = List.of("Let me know if you have any other questions.", "I hope this helps!",
            "Hope that helps!", "Feel free to ask if anything is unclear.", "Good luck!", "Let me know how it goes.",
            "Is there anything else I can help with?", "Happy coding!");

    private BenchTexts() {
    }

    /** {@code count} replies of the given kind; the same for the same arguments. */
    public static List<String> of(final Kind kind, final int count) {
        return switch (kind) {
            case CORPUS -> realistic(count);
            case UNIQUE -> unique(count, 0.0, 0.0);
            case BOILERPLATE -> unique(count, 0.3, 0.4);
        };
    }

    /** The corpus's replies, three joined into one. */
    public static List<String> realistic(final int count) {
        final List<String> corpus = DemoTraffic.corpus("ordinary-replies.txt");
        final List<String> texts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            final int first = (i * 7) % corpus.size();
            texts.add(String.join(" ", corpus.get(first), corpus.get((first + 1) % corpus.size()),
                    corpus.get((first + 2) % corpus.size())));
        }
        return texts;
    }

    /**
     * The corpus's replies with a distinct number in every sentence, before its closing marks, so
     * that no two sentences are equal; a share of them open and close with stock phrases.
     */
    private static List<String> unique(final int count, final double openerShare, final double signOffShare) {
        final SplittableRandom random = new SplittableRandom(17);
        final List<String> texts = new ArrayList<>(count);
        long number = 1000;
        for (final String reply : realistic(count)) {
            final StringBuilder text = new StringBuilder();
            if (random.nextDouble() < openerShare) {
                text.append(OPENERS.get(random.nextInt(OPENERS.size()))).append(' ');
            }
            for (final String sentence : ReplyScorer.sentences(reply)) {
                // Before the closing marks ('."' as well as '.'), so that the text cuts into the same sentences.
                int end = sentence.length();
                while (end > 1 && ".!?\"')".indexOf(sentence.charAt(end - 1)) >= 0) {
                    end--;
                }
                text.append(sentence, 0, end).append(" (").append(number++).append(')').append(sentence.substring(end)).append(' ');
            }
            if (random.nextDouble() < signOffShare) {
                text.append(SIGN_OFFS.get(random.nextInt(SIGN_OFFS.size())));
            }
            texts.add(text.toString().strip());
        }
        return texts;
    }
}
