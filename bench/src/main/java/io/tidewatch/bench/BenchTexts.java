package io.tidewatch.bench;

import io.tidewatch.demo.DemoTraffic;
import java.util.ArrayList;
import java.util.List;

/**
 * Replies of realistic length for benchmarks: three consecutive ordinary replies of the demo
 * corpus joined into one (about 150 words, 170-200 tokens), so every benchmark measures the
 * same texts.
 */
public final class BenchTexts {

    private BenchTexts() {
    }

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
}
