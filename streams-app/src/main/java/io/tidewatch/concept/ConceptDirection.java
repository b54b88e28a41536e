package io.tidewatch.concept;

/** A compiled concept: its id and unit direction in one embedding model's space. */
public record ConceptDirection(String id, float[] direction) {

    /** Projection of a unit embedding on the direction: p = e·d. */
    public double project(final float[] embedding) {
        return VectorMath.dot(embedding, direction);
    }
}
