package io.tidewatch.concept;

import java.util.List;
import java.util.Map;

/** One concept as an operator writes it in the catalog file. */
public record ConceptSpec(
        String id,
        String description,
        boolean enabled,
        List<String> positiveExamples,
        List<String> negativeExamples,
        Map<String, String> settings) {

    public ConceptSpec {
        positiveExamples = List.copyOf(positiveExamples);
        negativeExamples = List.copyOf(negativeExamples);
        settings = Map.copyOf(settings);
    }
}
