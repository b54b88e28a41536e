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
        final double[] projections = new double[concepts.size()];
        int c = 0;
        // Four concepts per pass: each still sums its products in embedding order, the same bits
        // as one dot product at a time, but four independent sums let the CPU overlap their
        // additions instead of waiting on one sum's.
        for (; c + 4 <= projections.length; c += 4) {
            final float[] d0 = direction(c, embedding);
            final float[] d1 = direction(c + 1, embedding);
            final float[] d2 = direction(c + 2, embedding);
            final float[] d3 = direction(c + 3, embedding);
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            for (int i = 0; i < embedding.length; i++) {
                final double x = embedding[i];
                s0 += x * d0[i];
                s1 += x * d1[i];
                s2 += x * d2[i];
                s3 += x * d3[i];
            }
            projections[c] = s0;
            projections[c + 1] = s1;
            projections[c + 2] = s2;
            projections[c + 3] = s3;
        }
        for (; c < projections.length; c++) {
            projections[c] = concepts.get(c).project(embedding);
        }
        final Map<String, Double> scores = new LinkedHashMap<>();
        for (int i = 0; i < projections.length; i++) {
            scores.put(concepts.get(i).id(), projections[i]);
        }
        return scores;
    }

    private float[] direction(final int concept, final float[] embedding) {
        final float[] direction = concepts.get(concept).direction();
        VectorMath.requireSameLength(embedding, direction);
        return direction;
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
