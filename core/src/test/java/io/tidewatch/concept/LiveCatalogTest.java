package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveCatalogTest {

    private final TableEmbedder embedder = new TableEmbedder(2)
            .put("pos", 1, 0).put("neg", 0, 1).put("up", 0, 1).put("down", 0, -1);
    private final ConceptCatalog fallback = ConceptCatalog.compile(
            List.of(new ConceptSpec("from-file", "", true, List.of("pos"), List.of("neg"), Map.of())), embedder);
    private final LiveCatalog live = new LiveCatalog(fallback, embedder);

    private static ConceptRecords.Published published(final String id, final boolean enabled, final String model, final float... direction) {
        return new ConceptRecords.Published(new ConceptSpec(id, "", enabled, List.of("up"), List.of("down"), Map.of()), model, direction);
    }

    @Test
    void theFileCatalogHoldsUntilTheTopicHoldsAConceptAndReturnsWhenItIsEmptyAgain() {
        assertThat(live.get()).isSameAs(fallback);
        live.put(published("vertical", true, "table-2", 0, 1));
        assertThat(live.get().ids()).containsExactly("vertical");
        live.remove("vertical");
        assertThat(live.get()).isSameAs(fallback);
    }

    @Test
    void aDirectionPublishedForThisModelIsUsedAsItIsAndVersionedByItsExamples() {
        final int before = embedder.texts();
        live.put(published("vertical", true, "table-2", 0.6f, 0.8f));
        final ConceptDirection direction = live.get().concepts().get(0);
        assertThat(direction.direction()).containsExactly(0.6f, 0.8f);
        assertThat(direction.version()).isEqualTo(new ConceptSpec("vertical", "", true, List.of("up"), List.of("down"), Map.of())
                .fingerprint("table-2"));
        assertThat(embedder.texts()).as("nothing embedded").isEqualTo(before);
    }

    @Test
    void aDirectionPublishedForAnotherModelIsRecompiledFromTheExamples() {
        live.put(published("vertical", true, "some-other-model", 1, 0));
        assertThat(live.get().concepts().get(0).direction()).containsExactly(0f, 1f);
        assertThat(live.get().embeddingModel()).isEqualTo("table-2");
    }

    @Test
    void aDisabledConceptCountsAsPublishedButIsNotScored() {
        live.put(published("vertical", false, "table-2", 0, 1));
        assertThat(live.get().ids()).isEmpty();
        assertThat(live.get()).isNotSameAs(fallback);
    }

    @Test
    void conceptsAreScoredInIdOrderWhateverOrderTheyArrivedIn() {
        live.put(published("zeta", true, "table-2", 0, 1));
        live.put(published("alpha", true, "table-2", 0, 1));
        assertThat(live.get().ids()).containsExactly("alpha", "zeta");
    }

    @Test
    void aDirectionThatDoesNotFitThisModelIsRejectedAndTheCatalogKept() {
        live.put(published("vertical", true, "table-2", 0, 1));
        assertThatThrownBy(() -> live.put(published("vertical", true, "table-2", 0, 0, 1)))
                .isInstanceOf(CatalogFormatException.class)
                .hasMessage("concept 'vertical' carries a direction of 3 values for table-2, which has 2");
        assertThat(live.get().concepts().get(0).direction()).containsExactly(0f, 1f);
    }

    @Test
    void examplesThatCannotBeToldApartAreRejectedAndTheCatalogKept() {
        final ConceptRecords.Published flat = new ConceptRecords.Published(
                new ConceptSpec("flat", "", true, List.of("up"), List.of("neg"), Map.of()), null, new float[0]);
        assertThatThrownBy(() -> live.put(flat)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("same mean embedding");
        assertThat(live.get()).isSameAs(fallback);
    }

    @Test
    void aNewDescriptionKeepsTheCompiledDirection() {
        live.put(published("vertical", true, "other-model", 1, 0));
        final int compiled = embedder.texts();
        live.put(new ConceptRecords.Published(new ConceptSpec("vertical", "now described", true, List.of("up"), List.of("down"), Map.of()),
                "other-model", new float[] {1, 0}));
        assertThat(embedder.texts()).isEqualTo(compiled);
    }
}
