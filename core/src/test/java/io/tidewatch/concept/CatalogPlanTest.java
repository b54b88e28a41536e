package io.tidewatch.concept;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConceptDefinition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogPlanTest {

    private static ConceptDefinition definition(final String id, final String description, final String model, final float... direction) {
        return ConceptRecords.toRecord(new ConceptSpec(id, description, true, List.of("yes"), List.of("no"), Map.of()),
                new ConceptDirection(id, "", direction), model);
    }

    @Test
    void theTopicIsMadeToHoldExactlyTheFilesConcepts() {
        final Map<String, ConceptDefinition> current = new HashMap<>();
        current.put("kept", definition("kept", "same", "m", 1, 0));
        current.put("edited", definition("edited", "old words", "m", 1, 0));
        current.put("dropped", definition("dropped", "", "m", 1, 0));
        current.put("garbled", null);
        final ConceptDefinition edited = definition("edited", "new words", "m", 1, 0);
        final ConceptDefinition added = definition("added", "", "m", 0, 1);
        final ConceptDefinition garbled = definition("garbled", "", "m", 0, 1);

        final CatalogPlan plan = CatalogPlan.between(current,
                List.of(definition("kept", "same", "m", 1, 0), edited, added, garbled));

        assertThat(plan.unchanged()).containsExactly("kept");
        assertThat(plan.changed()).containsExactly("edited", "garbled");
        assertThat(plan.added()).containsExactly("added");
        assertThat(plan.removed()).containsExactly("dropped");
        assertThat(plan.writes()).containsExactly(edited, added, garbled);
        assertThat(plan.isEmpty()).isFalse();
    }

    @Test
    void aDirectionThatDiffersOnlyByRoundingIsNotRewrittenButANewModelIs() {
        final Map<String, ConceptDefinition> current = Map.of("c", definition("c", "", "m", 0.6f, 0.8f));
        assertThat(CatalogPlan.between(current, List.of(definition("c", "", "m", 0.6000001f, 0.7999999f))).isEmpty()).isTrue();
        assertThat(CatalogPlan.between(current, List.of(definition("c", "", "new-model", 0.6f, 0.8f))).changed()).containsExactly("c");
    }
}
