package io.tidewatch.concept;

import io.tidewatch.avro.ConceptDefinition;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalog topic's form of a concept: an Avro {@link ConceptDefinition} keyed by concept id,
 * carrying the direction compiled by the publisher and the model it was compiled with.
 */
public final class ConceptRecords {

    private ConceptRecords() {
    }

    /** A concept as read from the topic: its definition and the direction it was published with. */
    public record Published(ConceptSpec spec, String embeddingModel, float[] direction) {

        /** True when the carried direction was compiled with {@code model} and can be used as it is. */
        public boolean compiledFor(final String model) {
            return direction.length > 0 && model.equals(embeddingModel);
        }
    }

    public static ConceptDefinition toRecord(final ConceptSpec spec, final ConceptDirection compiled, final String embeddingModel) {
        final List<Float> direction = new ArrayList<>(compiled.direction().length);
        for (final float x : compiled.direction()) {
            direction.add(x);
        }
        return ConceptDefinition.newBuilder()
                .setId(spec.id())
                .setDescription(spec.description())
                .setEnabled(spec.enabled())
                .setPositiveExamples(spec.positiveExamples())
                .setNegativeExamples(spec.negativeExamples())
                .setSettings(spec.settings())
                .setEmbeddingModel(embeddingModel)
                .setDirection(direction)
                .build();
    }

    /**
     * Validates a record read from the topic under {@code key}, by the same rules as a catalog file.
     *
     * @param source names the record in messages, for example {@code tidewatch.concepts-0@17}
     * @throws CatalogFormatException naming the record and the offending field
     */
    public static Published fromRecord(final String key, final ConceptDefinition record, final String source) {
        if (key == null) {
            throw new CatalogFormatException(source + ": record has no key; the key must be the concept id");
        }
        final ConceptSpec spec = ConceptSpec.validated(source, "", record.getId(), record.getDescription(), record.getEnabled(),
                record.getPositiveExamples(), record.getNegativeExamples(), record.getSettings());
        if (!key.equals(spec.id())) {
            throw new CatalogFormatException(source + ": key '" + key + "' differs from id '" + spec.id() + "'; compaction would keep the wrong one");
        }
        final float[] direction = direction(record.getDirection(), source + ": concept '" + spec.id() + "'.direction");
        if (direction.length > 0 && record.getEmbeddingModel() == null) {
            throw new CatalogFormatException(source + ": concept '" + spec.id() + "' carries a direction but no embedding_model");
        }
        return new Published(spec, record.getEmbeddingModel(), direction);
    }

    private static float[] direction(final List<Float> values, final String where) {
        final float[] direction = new float[values.size()];
        double norm = 0;
        for (int i = 0; i < direction.length; i++) {
            direction[i] = values.get(i);
            if (!Float.isFinite(direction[i])) {
                throw new CatalogFormatException(where + "[" + i + "] is " + direction[i]);
            }
            norm += (double) direction[i] * direction[i];
        }
        // Float rounding of a unit vector stays far inside this tolerance; anything outside is corruption.
        if (direction.length > 0 && Math.abs(Math.sqrt(norm) - 1) > 1e-3) {
            throw new CatalogFormatException(where + " has length " + Math.sqrt(norm) + "; a direction must be a unit vector");
        }
        return direction;
    }
}
