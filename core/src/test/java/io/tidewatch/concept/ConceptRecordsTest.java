package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.avro.ConceptDefinition;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Records on the catalog topic are held to the file's rules, and a bad one names itself. */
class ConceptRecordsTest {

    private static final String SOURCE = "tidewatch.concepts-0@7";
    private static final ConceptSpec SPEC = new ConceptSpec("pirate-talk", "talks like a pirate", true,
            List.of("arr matey"), List.of("good morning"), Map.of("lower_side", "true"));
    private static final ConceptDirection DIRECTION = new ConceptDirection("pirate-talk", "v", new float[] {0.6f, 0.8f});

    private static ConceptDefinition.Builder valid() {
        return ConceptDefinition.newBuilder(ConceptRecords.toRecord(SPEC, DIRECTION, "table-2"));
    }

    @Test
    void aRecordRoundTripsWithItsDirectionAndModel() {
        final ConceptRecords.Published published = ConceptRecords.fromRecord("pirate-talk", valid().build(), SOURCE);
        assertThat(published.spec()).isEqualTo(SPEC);
        assertThat(published.embeddingModel()).isEqualTo("table-2");
        assertThat(published.direction()).containsExactly(0.6f, 0.8f);
        assertThat(published.compiledFor("table-2")).isTrue();
        assertThat(published.compiledFor("other-model")).isFalse();
    }

    @Test
    void aRecordWithoutADirectionIsCompiledByTheApp() {
        final ConceptRecords.Published published = ConceptRecords.fromRecord("pirate-talk",
                valid().setEmbeddingModel(null).setDirection(List.of()).build(), SOURCE);
        assertThat(published.compiledFor("table-2")).isFalse();
    }

    @Test
    void malformedRecordsNameTheRecordAndTheField() {
        assertThatThrownBy(() -> ConceptRecords.fromRecord(null, valid().build(), SOURCE))
                .isInstanceOf(CatalogFormatException.class).hasMessage(SOURCE + ": record has no key; the key must be the concept id");
        assertThatThrownBy(() -> ConceptRecords.fromRecord("other", valid().build(), SOURCE))
                .hasMessage(SOURCE + ": key 'other' differs from id 'pirate-talk'; compaction would keep the wrong one");
        assertThatThrownBy(() -> ConceptRecords.fromRecord("Pirate Talk", valid().setId("Pirate Talk").build(), SOURCE))
                .hasMessage(SOURCE + ": id 'Pirate Talk' is not kebab-case (a-z, 0-9, '-')");
        assertThatThrownBy(() -> ConceptRecords.fromRecord("pirate-talk", valid().setPositiveExamples(List.of()).build(), SOURCE))
                .hasMessageStartingWith(SOURCE + ": concept 'pirate-talk'.positive_examples is missing or empty");
        assertThatThrownBy(() -> ConceptRecords.fromRecord("pirate-talk", valid().setNegativeExamples(List.of(" ")).build(), SOURCE))
                .hasMessage(SOURCE + ": concept 'pirate-talk'.negative_examples[0] is blank");
        assertThatThrownBy(() -> ConceptRecords.fromRecord("pirate-talk", valid().setSettings(Map.of("Bad Key", "1")).build(), SOURCE))
                .hasMessageContaining("concept 'pirate-talk'.settings key 'Bad Key' is not a setting name");
    }

    @Test
    void aCorruptDirectionIsRejectedRatherThanScoredWith() {
        assertThatThrownBy(() -> ConceptRecords.fromRecord("pirate-talk", valid().setDirection(List.of(0.6f, Float.NaN)).build(), SOURCE))
                .hasMessage(SOURCE + ": concept 'pirate-talk'.direction[1] is NaN");
        assertThatThrownBy(() -> ConceptRecords.fromRecord("pirate-talk", valid().setDirection(List.of(3f, 4f)).build(), SOURCE))
                .hasMessage(SOURCE + ": concept 'pirate-talk'.direction has length 5.0; a direction must be a unit vector");
        assertThatThrownBy(() -> ConceptRecords.fromRecord("pirate-talk", valid().setEmbeddingModel(null).build(), SOURCE))
                .hasMessage(SOURCE + ": concept 'pirate-talk' carries a direction but no embedding_model");
    }
}
