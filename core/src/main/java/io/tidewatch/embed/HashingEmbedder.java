package io.tidewatch.embed;

import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;

/**
 * A trivial deterministic embedder: each lower-cased word adds ±1 to one of {@code dimension}
 * coordinates chosen by its CRC32, then the vector is normalised. Texts that share words point
 * the same way. It measures the pipeline without the model ({@code tidewatch bench pipeline
 * --embedder hashing}) and drives the topology tests; it is not a language model.
 */
public final class HashingEmbedder implements Embedder {

    private final int dimension;
    private int batches;

    public HashingEmbedder(final int dimension) {
        this.dimension = dimension;
    }

    @Override
    public String modelId() {
        return "hashing-" + dimension;
    }

    @Override
    public int dimension() {
        return dimension;
    }

    @Override
    public List<float[]> embed(final List<String> texts) {
        batches++;
        return texts.stream().map(this::embedOne).toList();
    }

    /** Number of {@link #embed} calls so far: one per forward pass a real model would make. */
    public int batches() {
        return batches;
    }

    private float[] embedOne(final String text) {
        final float[] v = new float[dimension];
        // Words are the runs of [a-z0-9] in the lower-cased text, scanned by hand: a regex split
        // cost more than the rest of the pipeline together, and this embedder stands in for a free model.
        final String lower = text.toLowerCase(Locale.ROOT);
        final byte[] word = new byte[lower.length()];
        final CRC32 crc = new CRC32();
        int length = 0;
        for (int i = 0; i <= lower.length(); i++) {
            final char c = i < lower.length() ? lower.charAt(i) : ' ';
            if (c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
                word[length++] = (byte) c;
            } else if (length > 0) {
                crc.reset();
                crc.update(word, 0, length);
                final long h = crc.getValue();
                v[(int) (h % dimension)] += ((h >>> 20) & 1) == 0 ? 1f : -1f;
                length = 0;
            }
        }
        double norm = 0;
        for (final float x : v) {
            norm += x * x;
        }
        final float scale = norm == 0 ? 0 : (float) (1 / Math.sqrt(norm));
        for (int i = 0; i < v.length; i++) {
            v[i] *= scale;
        }
        return v;
    }

    @Override
    public void close() {
    }
}
