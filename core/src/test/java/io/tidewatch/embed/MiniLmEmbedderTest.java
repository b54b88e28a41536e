package io.tidewatch.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class MiniLmEmbedderTest {

    private static final double SAME = 0.9999;
    /** Copy of the shared test data; see README.md next to it. */
    private static final String REFERENCE = "minilm-reference.json";

    /** Single-token words, so that a prefix of words is a prefix of tokens. */
    private static final String[] WORDS = {
        "the", "river", "rose", "slowly", "over", "the", "old", "stone", "bridge", "and", "we",
        "watched", "it", "from", "the", "hill"
    };

    private static MiniLmEmbedder embedder;
    private static List<String> referenceTexts;
    private static List<float[]> referenceVectors;

    @BeforeAll
    static void loadModelAndReference() throws IOException {
        // Loading takes seconds: once for the whole class.
        embedder = MiniLmEmbedder.fromClasspath(2);
        try (InputStream in = MiniLmEmbedderTest.class.getResourceAsStream(REFERENCE)) {
            final JsonNode root = new ObjectMapper().readTree(in);
            referenceTexts = new ArrayList<>();
            root.get("texts").forEach(t -> referenceTexts.add(t.asText()));
            referenceVectors = new ArrayList<>();
            root.get("fp32").forEach(v -> referenceVectors.add(toFloats(v)));
        }
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    /**
     * The build's ONNX Runtime is the CPU one, which has no CUDA provider whatever the machine: a
     * GPU asked for must give a working model on the CPU and a warning that names the GPU build.
     */
    @Test
    void aGpuAskedForWithoutOnnxRuntimesCudaProviderRunsOnTheCpuAndSaysWhy() {
        final Logger logger = (Logger) LoggerFactory.getLogger(MiniLmEmbedder.class);
        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try (MiniLmEmbedder onGpu = MiniLmEmbedder.fromClasspath(MiniLmEmbedder.Variant.FP32, 1, Device.gpu())) {
            assertThat(onGpu.device()).isEqualTo(Device.cpu());
            assertThat(onGpu.embed(List.of("the river rose")).get(0)).containsExactly(embedder.embed(List.of("the river rose")).get(0),
                    within(1e-5f));
        } finally {
            logger.detachAppender(log);
        }
        assertThat(embedder.device()).isEqualTo(Device.cpu());
        assertThat(log.list).singleElement().satisfies(event -> {
            assertThat(event.getLevel()).isEqualTo(Level.WARN);
            assertThat(event.getFormattedMessage()).contains("embedding device gpu(0) asked for", "com.microsoft.onnxruntime:onnxruntime_gpu",
                    "the model runs on the CPU");
        });
    }

    @Test
    void passesTakeTheShortestTextsFirstAndAsManyAsFitTheTokenBudget() {
        final SplittableRandom random = new SplittableRandom(3);
        for (int run = 0; run < 300; run++) {
            final int[] tokens = new int[random.nextInt(0, 300)];
            Arrays.setAll(tokens, i -> random.nextInt(3, MiniLmEmbedder.MAX_TOKENS + 1));
            final List<List<Integer>> passes = MiniLmEmbedder.passes(tokens);

            assertThat(passes.stream().flatMap(List::stream).sorted()).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, tokens.length).boxed().toList());
            int previousLongest = 0;
            for (int k = 0; k < passes.size(); k++) {
                final List<Integer> pass = passes.get(k);
                final int longest = pass.stream().mapToInt(i -> tokens[i]).max().orElseThrow();
                assertThat(pass.size() == 1 || pass.size() * longest <= MiniLmEmbedder.MAX_PASS_TOKENS).as("pass %s of %s", k, pass).isTrue();
                assertThat(pass.stream().mapToInt(i -> tokens[i]).min().orElseThrow()).isGreaterThanOrEqualTo(previousLongest);
                previousLongest = longest;
                if (k + 1 < passes.size()) {
                    // As large as the budget allows: the next pass's shortest text would not have fitted.
                    assertThat((pass.size() + 1) * tokens[passes.get(k + 1).get(0)]).isGreaterThan(MiniLmEmbedder.MAX_PASS_TOKENS);
                }
            }
        }
    }

    @Test
    void describesItself() {
        assertThat(embedder.modelId()).isEqualTo("all-minilm-l6-v2");
        assertThat(embedder.dimension()).isEqualTo(384);
    }

    @Test
    void matchesIndependentReferenceEmbeddings() {
        assertThat(referenceTexts).hasSize(6).hasSameSizeAs(referenceVectors);
        final List<float[]> vectors = embedder.embed(referenceTexts);

        assertThat(vectors).hasSameSizeAs(referenceTexts);
        for (int i = 0; i < vectors.size(); i++) {
            assertThat(cosine(vectors.get(i), referenceVectors.get(i)))
                    .as("cosine to reference for \"%s\"", referenceTexts.get(i))
                    .isGreaterThanOrEqualTo(SAME);
        }
    }

    @Test
    void returnsUnitVectorsOfTheModelDimension() {
        for (final float[] v : embedder.embed(referenceTexts)) {
            assertThat(v).hasSize(384);
            assertThat(norm(v)).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void preservesBatchOrder() {
        final List<String> reversed = new ArrayList<>(referenceTexts);
        Collections.reverse(reversed);
        final List<float[]> vectors = embedder.embed(reversed);

        for (int i = 0; i < reversed.size(); i++) {
            final int original = reversed.size() - 1 - i;
            assertThat(cosine(vectors.get(i), referenceVectors.get(original)))
                    .as("position %d", i)
                    .isGreaterThanOrEqualTo(SAME);
        }
    }

    @Test
    void paddingInALongerBatchDoesNotChangeAnEmbedding() {
        final String shortText = "ok";
        final float[] alone = embedder.embed(List.of(shortText)).get(0);
        final List<float[]> batch =
                embedder.embed(List.of(words(200), shortText, referenceTexts.get(4)));

        assertThat(cosine(alone, batch.get(1))).isGreaterThanOrEqualTo(SAME);
    }

    @Test
    void truncatesLongTextsToTheirFirst256Tokens() {
        final String longText = words(1000);
        final String prefix = prefixOf256Tokens();

        assertThat(embedder.isTruncated(longText)).isTrue();
        assertThat(embedder.tokenCount(longText)).isEqualTo(1002);
        assertThat(embedder.isTruncated(prefix)).isFalse();
        final List<float[]> vectors = embedder.embed(List.of(longText, prefix));
        assertThat(cosine(vectors.get(0), vectors.get(1))).isGreaterThanOrEqualTo(SAME);
    }

    @Test
    void aBatchMarksExactlyTheTextsCutToTheWindow() {
        final String longText = words(1000);
        final String prefix = prefixOf256Tokens();

        final Embedder.Batch batch = embedder.embedBatch(List.of(prefix, longText, "ok"));

        assertThat(batch.truncated().stream().boxed().toList()).containsExactly(1);
        assertThat(cosine(batch.vectors().get(1), batch.vectors().get(0))).isGreaterThanOrEqualTo(SAME);
    }

    @Test
    void countsSpecialTokens() {
        assertThat(embedder.tokenCount("")).isEqualTo(2);
        assertThat(embedder.tokenCount("ok")).isEqualTo(3);
        assertThat(embedder.isTruncated(referenceTexts.get(1))).isFalse();
    }

    @Test
    void emptyBatchGivesEmptyList() {
        assertThat(embedder.embed(List.of())).isEmpty();
    }

    @Test
    void nullTextIsRejectedClearly() {
        assertThatThrownBy(() -> embedder.embed(Arrays.asList("fine", null)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("index 1");
        assertThatThrownBy(() -> embedder.embed(null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> embedder.tokenCount(null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentCallsGiveTheSameResults() throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            final List<Future<List<float[]>>> results = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> embedder.embed(referenceTexts)));
            }
            for (final Future<List<float[]>> result : results) {
                final List<float[]> vectors = result.get();
                for (int i = 0; i < vectors.size(); i++) {
                    assertThat(cosine(vectors.get(i), referenceVectors.get(i)))
                            .isGreaterThanOrEqualTo(SAME);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The longest prefix of {@link #words} that still fits, which must be exactly 256 tokens. */
    private static String prefixOf256Tokens() {
        final String prefix = words(MiniLmEmbedder.MAX_TOKENS - 2);
        assertThat(embedder.tokenCount(prefix)).isEqualTo(MiniLmEmbedder.MAX_TOKENS);
        return prefix;
    }

    private static String words(final int count) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < count; i++) {
            text.append(i == 0 ? "" : " ").append(WORDS[i % WORDS.length]);
        }
        return text.toString();
    }

    private static float[] toFloats(final JsonNode array) {
        final float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static double cosine(final float[] a, final float[] b) {
        double dot = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
        }
        return dot / (norm(a) * norm(b));
    }

    private static double norm(final float[] v) {
        double squares = 0;
        for (final float x : v) {
            squares += (double) x * x;
        }
        return Math.sqrt(squares);
    }
}
