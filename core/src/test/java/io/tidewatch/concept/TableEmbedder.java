package io.tidewatch.concept;

import io.tidewatch.embed.Embedder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Embeds each text as the vector the test assigned to it, so a catalog's geometry is known exactly. */
final class TableEmbedder implements Embedder {

    private final Map<String, float[]> table = new HashMap<>();
    private final int dimension;
    private int texts;

    TableEmbedder(final int dimension) {
        this.dimension = dimension;
    }

    TableEmbedder put(final String text, final float... vector) {
        table.put(text, vector);
        return this;
    }

    /** Texts embedded so far. */
    int texts() {
        return texts;
    }

    @Override
    public String modelId() {
        return "table-" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embed(final List<String> batch) {
        texts += batch.size();
        return batch.stream().map(text -> {
            final float[] vector = table.get(text);
            if (vector == null) {
                throw new IllegalArgumentException("the test gave no vector for '" + text + "'");
            }
            return vector;
        }).toList();
    }

    @Override
    public void close() {
    }
}
