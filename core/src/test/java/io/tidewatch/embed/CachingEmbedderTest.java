package io.tidewatch.embed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class CachingEmbedderTest {

    /** The hashing embedder, recording every text it is asked to embed; texts containing "long" come back truncated. */
    private static final class Recording implements Embedder {
        final HashingEmbedder hashing = new HashingEmbedder(16);
        final List<String> embedded = Collections.synchronizedList(new ArrayList<>());

        @Override
        public String modelId() {
            return hashing.modelId();
        }

        @Override
        public int dimension() {
            return hashing.dimension();
        }

        @Override
        public List<float[]> embed(final List<String> texts) {
            return embedBatch(texts).vectors();
        }

        @Override
        public Batch embedBatch(final List<String> texts) {
            embedded.addAll(texts);
            final BitSet truncated = new BitSet();
            for (int i = 0; i < texts.size(); i++) {
                truncated.set(i, texts.get(i).contains("long"));
            }
            return new Batch(hashing.embed(texts), truncated);
        }

        @Override
        public void close() {
        }
    }

    private final Recording model = new Recording();

    @Test
    void repeatedTextsAreEmbeddedOnceAndEveryTextGetsTheModelsVectorAndTruncationInOrder() {
        final CachingEmbedder cache = new CachingEmbedder(model, 100);
        final List<String> first = List.of("Hello!", "a long answer", "Hello!", "Hope this helps.");
        final List<String> second = List.of("Hope this helps.", "something new", "Hello!");
        final Embedder.Batch a = cache.embedBatch(first);
        final Embedder.Batch b = cache.embedBatch(second);

        assertThat(model.embedded).containsExactly("Hello!", "a long answer", "Hope this helps.", "something new");
        assertModelsVectors(first, a);
        assertModelsVectors(second, b);
        assertThat(cache.misses()).isEqualTo(4);
        assertThat(cache.hits()).isEqualTo(3);
    }

    private void assertModelsVectors(final List<String> texts, final Embedder.Batch batch) {
        assertThat(batch.vectors()).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            assertThat(batch.vectors().get(i)).containsExactly(model.hashing.embed(List.of(texts.get(i))).get(0));
            assertThat(batch.truncated().get(i)).isEqualTo(texts.get(i).contains("long"));
        }
    }

    @Test
    void theLeastRecentlyUsedTextGoesFirstAndLongTextsAreNeverKept() {
        final CachingEmbedder cache = new CachingEmbedder(model, 2);
        cache.embed(List.of("a", "b"));
        cache.embed(List.of("a"));          // a is now the most recently used
        cache.embed(List.of("c"));          // so b goes
        model.embedded.clear();
        cache.embed(List.of("a", "c", "b"));
        assertThat(model.embedded).containsExactly("b");
        assertThat(cache.size()).isEqualTo(2);

        final String longText = "x".repeat(CachingEmbedder.MAX_CACHED_CHARS + 1);
        cache.embed(List.of(longText));
        cache.embed(List.of(longText));
        assertThat(model.embedded).containsExactly("b", longText, longText);
    }

    @Test
    void concurrentCallersGetTheModelsVectors() throws Exception {
        final CachingEmbedder cache = new CachingEmbedder(model, 50);
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                final long seed = t;
                results.add(pool.submit(() -> {
                    final SplittableRandom random = new SplittableRandom(seed);
                    for (int call = 0; call < 500; call++) {
                        final List<String> texts = new ArrayList<>();
                        for (int i = 0; i < 8; i++) {
                            texts.add("sentence " + random.nextInt(120));
                        }
                        final List<float[]> vectors = cache.embed(texts);
                        for (int i = 0; i < texts.size(); i++) {
                            if (!Arrays.equals(vectors.get(i), model.hashing.embed(List.of(texts.get(i))).get(0))) {
                                return false;
                            }
                        }
                    }
                    return true;
                }));
            }
            for (final Future<Boolean> result : results) {
                assertThat(result.get()).isTrue();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(cache.hits() + cache.misses()).isEqualTo(4L * 500 * 8);
        assertThat(cache.size()).isLessThanOrEqualTo(50);
    }
}
