package io.tidewatch.detect;

import io.tidewatch.stats.Moments;
import io.tidewatch.stats.Reference;

/** One concept's part of a closed bucket; reference and detector fields are null while calibrating. */
public record ConceptBucket(String concept, Moments moments, Reference reference, Double standardized,
                            Double cusum, Double threshold) {
}
