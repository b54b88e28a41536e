package io.tidewatch.embed;

import java.util.List;

/**
 * Turns texts into unit-length embedding vectors. Implementations are not required to be
 * thread-safe; each stream task owns its own instance or shares one that is.
 */
public interface Embedder extends AutoCloseable {

    /** Stable id of the model, recorded with every score so that a model change is visible. */
    String modelId();

    /** Length of every vector this embedder returns. */
    int dimension();

    /**
     * Embeds a batch of texts.
     *
     * @return one L2-normalised vector per text, in input order
     */
    List<float[]> embed(List<String> texts);

    @Override
    void close();
}
