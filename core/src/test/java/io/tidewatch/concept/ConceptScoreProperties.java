package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A catalog scores a reply on several concepts in one pass; every score must be the very double
 * a dot product with the concept's direction gives, so scores do not depend on how many concepts
 * a catalog holds or where a concept stands in it.
 */
class ConceptScoreProperties {

    private static final int DIMENSION = 24;

    /** An embedding and the directions of a catalog. */
    record Case(float[] embedding, List<float[]> directions) {
    }

    @Property(tries = 300)
    void everyScoreIsExactlyTheDotProductWithItsDirection(@ForAll("cases") final Case input) {
        final List<ConceptDirection> concepts = new ArrayList<>();
        for (int c = 0; c < input.directions().size(); c++) {
            concepts.add(new ConceptDirection("concept-" + c, "v1", input.directions().get(c)));
        }
        final var scores = new ConceptCatalog("test", concepts).score(input.embedding());
        assertThat(scores.keySet()).containsExactlyElementsOf(concepts.stream().map(ConceptDirection::id).toList());
        for (final ConceptDirection concept : concepts) {
            assertThat(scores.get(concept.id())).isEqualTo(VectorMath.dot(input.embedding(), concept.direction()));
        }
    }

    @Property(tries = 20)
    void anEmbeddingOfAnotherLengthIsRefused(@ForAll("cases") final Case input) {
        final List<ConceptDirection> concepts = input.directions().stream().map(d -> new ConceptDirection("c", "v1", d)).toList();
        assertThatThrownBy(() -> new ConceptCatalog("test", concepts).score(new float[DIMENSION + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dimension mismatch");
    }

    @Provide
    Arbitrary<Case> cases() {
        final Arbitrary<float[]> vectors = Arbitraries.floats().between(-1f, 1f).array(float[].class).ofSize(DIMENSION);
        return Combinators.combine(vectors, vectors.list().ofMinSize(1).ofMaxSize(9)).as(Case::new);
    }
}
