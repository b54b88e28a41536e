package io.tidewatch.embed;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * An embedder that runs its model once per distinct text: texts it has embedded recently, and
 * texts repeated within one batch, take the vector from a bounded least-recently-used cache.
 * Assistant replies repeat whole sentences (greetings, sign-offs, refusals, disclaimers), and in
 * sentence scoring each one is a text of its own.
 *
 * <p>A text's vector depends on the text alone, not on the batch it comes in, up to the last bits
 * of float rounding (padding to a batch's longest text changes the order of some sums); a vector
 * from the cache is one of the values a recomputation could give.
 *
 * <p>Thread-safe if the model is: lookups and inserts hold a lock, the model runs outside it.
 * Returned vectors are shared with the cache and must not be modified.
 */
public final class CachingEmbedder implements Embedder {

    /** Longer texts are embedded every time and never kept: they seldom repeat and would cost the cache's memory. */
    public static final int MAX_CACHED_CHARS = 1_000;

    private record Entry(float[] vector, boolean truncated) {
    }

    private final Embedder model;
    private final Map<String, Entry> entries;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    /**
     * @param capacity texts kept, at least 1; each costs its vector (4 bytes a dimension) and the text
     */
    public CachingEmbedder(final Embedder model, final int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, got " + capacity);
        }
        this.model = model;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, Entry> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public String modelId() {
        return model.modelId();
    }

    @Override
    public int dimension() {
        return model.dimension();
    }

    @Override
    public List<float[]> embed(final List<String> texts) {
        return embedBatch(texts).vectors();
    }

    @Override
    public Batch embedBatch(final List<String> texts) {
        final Entry[] found = new Entry[texts.size()];
        synchronized (entries) {
            for (int i = 0; i < texts.size(); i++) {
                found[i] = entries.get(texts.get(i));
            }
        }
        // Each distinct text the cache lacks, once, in order of first appearance.
        final Map<String, Integer> missing = new HashMap<>();
        final List<String> toEmbed = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            if (found[i] == null && missing.putIfAbsent(texts.get(i), toEmbed.size()) == null) {
                toEmbed.add(texts.get(i));
            }
        }
        final List<Entry> embedded = new ArrayList<>(toEmbed.size());
        if (!toEmbed.isEmpty()) {
            final Batch batch = model.embedBatch(toEmbed);
            for (int j = 0; j < toEmbed.size(); j++) {
                embedded.add(new Entry(batch.vectors().get(j), batch.truncated().get(j)));
            }
            synchronized (entries) {
                for (int j = 0; j < toEmbed.size(); j++) {
                    if (toEmbed.get(j).length() <= MAX_CACHED_CHARS) {
                        entries.put(toEmbed.get(j), embedded.get(j));
                    }
                }
            }
        }
        misses.add(toEmbed.size());
        hits.add(texts.size() - toEmbed.size());
        final List<float[]> vectors = new ArrayList<>(texts.size());
        final BitSet truncated = new BitSet(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            final Entry entry = found[i] != null ? found[i] : embedded.get(missing.get(texts.get(i)));
            vectors.add(entry.vector());
            truncated.set(i, entry.truncated());
        }
        return new Batch(vectors, truncated);
    }

    /** Texts served without running the model: found in the cache, or repeated within their batch. */
    public long hits() {
        return hits.sum();
    }

    /** Texts the model embedded. */
    public long misses() {
        return misses.sum();
    }

    /** Texts kept now. */
    public int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    /** Closes the model. */
    @Override
    public void close() {
        model.close();
    }
}
