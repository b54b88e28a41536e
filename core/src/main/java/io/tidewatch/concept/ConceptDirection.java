package io.tidewatch.concept;

import io.tidewatch.embed.Embedder;

/**
 * A compiled concept: its id, the fingerprint of the definition it was compiled from (see
 * {@link ConceptSpec#fingerprint}), and its unit direction in one embedding model's space.
 */
public record ConceptDirection(String id, String version, float[] direction) {

    /**
     * The normalised difference between the mean embeddings of the positive and negative examples.
     *
     * @throws IllegalArgumentException if both sides have the same mean embedding
     */
    public static ConceptDirection compile(final ConceptSpec spec, final Embedder embedder) {
        return new ConceptDirection(spec.id(), spec.fingerprint(embedder.modelId()), VectorMath.unitDifference(
                VectorMath.mean(embedder.embed(spec.positiveExamples())),
                VectorMath.mean(embedder.embed(spec.negativeExamples()))));
    }

    /** Projection of a unit embedding on the direction: p = e·d. */
    public double project(final float[] embedding) {
        return VectorMath.dot(embedding, direction);
    }
}
