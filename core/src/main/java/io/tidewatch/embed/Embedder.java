package io.tidewatch.embed;

import java.util.BitSet;
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

    /**
     * A batch's vectors, and which of its texts (by index) the model saw only the start of
     * because they exceed its input window.
     */
    record Batch(List<float[]> vectors, BitSet truncated) {
    }

    /**
     * Embeds a batch like {@link #embed} and says which texts were cut to the model's input
     * window, so that callers can count them. An embedder without a window cuts none.
     */
    default Batch embedBatch(final List<String> texts) {
        return new Batch(embed(texts), new BitSet());
    }

    @Override
    void close();
}
