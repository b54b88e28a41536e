package io.tidewatch.concept;

import io.tidewatch.embed.Embedder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The enabled concepts compiled into directions for one embedding model. A direction is the
 * normalised difference between the mean embeddings of the positive and negative examples.
 */
public record ConceptCatalog(String embeddingModel, List<ConceptDirection> concepts) {

    public ConceptCatalog {
        concepts = List.copyOf(concepts);
    }

    public static ConceptCatalog compile(final List<ConceptSpec> specs, final Embedder embedder) {
        final List<ConceptDirection> directions = specs.stream()
                .filter(ConceptSpec::enabled)
                .map(spec -> ConceptDirection.compile(spec, embedder))
                .toList();
        return new ConceptCatalog(embedder.modelId(), directions);
    }

    /** Projections of one unit embedding on every concept, by concept id, in catalog order. */
    public Map<String, Double> score(final float[] embedding) {
        final Map<String, Double> scores = new LinkedHashMap<>();
        for (final ConceptDirection concept : concepts) {
            scores.put(concept.id(), concept.project(embedding));
        }
        return scores;
    }

    /** The version (definition fingerprint) of every concept, by concept id, in catalog order. */
    public Map<String, String> versions() {
        final Map<String, String> versions = new LinkedHashMap<>();
        concepts.forEach(concept -> versions.put(concept.id(), concept.version()));
        return versions;
    }

    public List<String> ids() {
        return concepts.stream().map(ConceptDirection::id).toList();
    }
}
