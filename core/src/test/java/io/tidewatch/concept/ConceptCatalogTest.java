package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.data.Offset.offset;

import io.tidewatch.embed.Embedder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConceptCatalogTest {

    /** Embeds "pos…" texts on the x axis and "neg…" texts on the y axis, so directions are known exactly. */
    private static final Embedder AXES = new Embedder() {
        @Override
        public String modelId() {
            return "axes";
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public List<float[]> embed(final List<String> texts) {
            return texts.stream().map(t -> t.startsWith("pos") ? new float[] {1, 0} : new float[] {0, 1}).toList();
        }

        @Override
        public void close() {
        }
    };

    @Test
    void theDirectionIsTheNormalisedDifferenceOfTheMeans() {
        final ConceptCatalog catalog = ConceptCatalog.compile(List.of(
                new ConceptSpec("c", "", true, List.of("pos a", "pos b"), List.of("neg a"), Map.of())), AXES);
        // mean(pos) − mean(neg) = (1, −1); normalised: (1/√2, −1/√2).
        final float[] d = catalog.concepts().get(0).direction();
        assertThat((double) d[0]).isCloseTo(1 / Math.sqrt(2), offset(1e-7));
        assertThat((double) d[1]).isCloseTo(-1 / Math.sqrt(2), offset(1e-7));
        assertThat(catalog.embeddingModel()).isEqualTo("axes");
        assertThat(catalog.score(new float[] {1, 0})).containsExactly(Map.entry("c", (double) d[0]));
    }

    @Test
    void disabledConceptsAreNotCompiled() {
        final ConceptCatalog catalog = ConceptCatalog.compile(List.of(
                new ConceptSpec("on", "", true, List.of("pos"), List.of("neg"), Map.of()),
                new ConceptSpec("off", "", false, List.of("pos"), List.of("neg"), Map.of())), AXES);
        assertThat(catalog.ids()).containsExactly("on");
    }

    @Test
    void examplesThatCannotBeToldApartAreRejected() {
        assertThatThrownBy(() -> ConceptCatalog.compile(List.of(
                new ConceptSpec("same", "", true, List.of("neg x"), List.of("neg y"), Map.of())), AXES))
                .hasMessageContaining("same mean embedding");
    }
}
