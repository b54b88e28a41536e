package io.tidewatch.embed;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.app.Setting;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.concept.VectorMath;
import io.tidewatch.demo.DemoTraffic;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The int8 model becomes the default only if operators would see the same thing: its concept
 * scores on this project's corpus (every ordinary and advocacy reply, each concept compiled by its
 * own model), in the default scoring mode, must correlate with the fp32 scores at 0.99 or better
 * for every concept. Both modes are measured; the correlations are printed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Int8QualityTest {

    private MiniLmEmbedder fp32;
    private MiniLmEmbedder int8;

    @BeforeAll
    void load() {
        fp32 = MiniLmEmbedder.fromClasspath(MiniLmEmbedder.Variant.FP32, 2);
        int8 = MiniLmEmbedder.fromClasspath(MiniLmEmbedder.Variant.INT8, 2);
    }

    @AfterAll
    void close() {
        fp32.close();
        int8.close();
    }

    /**
     * Per concept and scoring mode, the correlation of int8's scores with fp32's over the corpus;
     * each model scores with the catalog compiled by itself, as a deployment of it would.
     */
    private Map<String, Double> correlations(final ReplyScorer.Mode mode) {
        final List<String> corpus = new ArrayList<>(DemoTraffic.corpus("ordinary-replies.txt"));
        corpus.addAll(DemoTraffic.corpus("advocacy-replies.txt"));
        final List<ReplyScorer.Scored> a = new ReplyScorer(fp32, ConceptCatalog.compile(ConceptCatalogFile.readDefault(), fp32), mode).score(corpus);
        final List<ReplyScorer.Scored> b = new ReplyScorer(int8, ConceptCatalog.compile(ConceptCatalogFile.readDefault(), int8), mode).score(corpus);
        final Map<String, Double> correlations = new TreeMap<>();
        for (final String concept : a.get(0).scores().keySet()) {
            correlations.put(concept, pearson(a.stream().mapToDouble(s -> s.scores().get(concept)).toArray(),
                    b.stream().mapToDouble(s -> s.scores().get(concept)).toArray()));
        }
        return correlations;
    }

    @Test
    void int8ConceptScoresCorrelateWithFp32AndTheDefaultFollowsTheRuleInTheDefaultScoringMode() {
        assertThat(int8.modelId()).isEqualTo("all-minilm-l6-v2-q");
        final Map<ReplyScorer.Mode, Map<String, Double>> byMode = new EnumMap<>(ReplyScorer.Mode.class);
        for (final ReplyScorer.Mode mode : ReplyScorer.Mode.values()) {
            byMode.put(mode, correlations(mode));
            assertThat(byMode.get(mode)).as("correlations of concept scores, fp32 vs int8, %s scoring", mode).hasSize(5)
                    .allSatisfy((concept, r) -> assertThat(r).as(concept).isGreaterThanOrEqualTo(0.98));
        }
        System.out.println("int8 vs fp32 concept-score correlations by scoring mode: " + byMode);
        // The rule for the default model: int8 only when every concept reaches 0.99 in the default scoring mode.
        final ReplyScorer.Mode defaultMode = ReplyScorer.Mode.parse(Setting.SCORING_MODE.defaultValue());
        final double weakest = byMode.get(defaultMode).values().stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        assertThat(Setting.EMBEDDING_MODEL.defaultValue())
                .isEqualTo(weakest >= 0.99 ? MiniLmEmbedder.Variant.INT8.id() : MiniLmEmbedder.Variant.FP32.id());
    }

    @Test
    void int8VectorsStayCloseToFp32() {
        final List<String> sample = DemoTraffic.corpus("ordinary-replies.txt").subList(0, 50);
        final List<float[]> a = fp32.embed(sample);
        final List<float[]> b = int8.embed(sample);
        for (int i = 0; i < sample.size(); i++) {
            assertThat(VectorMath.dot(a.get(i), b.get(i))).as("cosine fp32 vs int8 of reply %d", i).isGreaterThan(0.95);
        }
    }

    /** Pearson's sample correlation coefficient. */
    private static double pearson(final double[] x, final double[] y) {
        final double mx = java.util.Arrays.stream(x).average().orElseThrow();
        final double my = java.util.Arrays.stream(y).average().orElseThrow();
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
