package io.tidewatch.concept;

import io.tidewatch.embed.Embedder;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The catalog the app scores with right now. While the catalog topic holds no concept, that is
 * the fallback catalog (the configured file, or the built-in one); once the topic holds any
 * concept, the topic alone is the catalog, so removing a concept from it removes it here.
 *
 * <p>Concepts published for this app's embedding model are used with the direction they carry,
 * so every instance scores with the same numbers; concepts published for another model are
 * recompiled from their examples. One writer (Kafka Streams' global thread) updates it; any
 * number of stream threads read immutable snapshots. The embedder must be safe to share.
 */
public final class LiveCatalog implements Supplier<ConceptCatalog> {

    private static final Logger LOG = LoggerFactory.getLogger(LiveCatalog.class);

    private final ConceptCatalog fallback;
    private final Embedder embedder;
    /** Published concepts by id; the direction is null for a disabled concept. */
    private final Map<String, ConceptDirection> published = new TreeMap<>();
    private volatile ConceptCatalog current;

    public LiveCatalog(final ConceptCatalog fallback, final Embedder embedder) {
        this.fallback = fallback;
        this.embedder = embedder;
        this.current = fallback;
    }

    /** The catalog to score the next batch with. */
    @Override
    public ConceptCatalog get() {
        return current;
    }

    /**
     * Adds or replaces one published concept; on failure the catalog is unchanged.
     *
     * @throws CatalogFormatException   if its direction claims this model but does not fit it
     * @throws IllegalArgumentException if it must be compiled and its two sides cannot be told apart
     */
    public synchronized void put(final ConceptRecords.Published concept) {
        final ConceptDirection direction = concept.spec().enabled() ? compile(concept) : null;
        published.put(concept.spec().id(), direction);
        refresh();
    }

    /** Removes a published concept; unknown ids are ignored, as a tombstone may be replayed. */
    public synchronized void remove(final String id) {
        published.remove(id);
        refresh();
    }

    /** Forgets every published concept, before they are read again from the store. */
    public synchronized void clear() {
        published.clear();
        refresh();
    }

    private ConceptDirection compile(final ConceptRecords.Published concept) {
        final ConceptSpec spec = concept.spec();
        final boolean carried = concept.compiledFor(embedder.modelId());
        // Checked first: a record that is unusable on its own must be rejected even when it could reuse a direction,
        // or a restart, which has nothing to reuse, would treat it differently.
        if (carried && concept.direction().length != embedder.dimension()) {
            throw new CatalogFormatException("concept '" + spec.id() + "' carries a direction of " + concept.direction().length
                    + " values for " + embedder.modelId() + ", which has " + embedder.dimension());
        }
        final String version = spec.fingerprint(embedder.modelId());
        final ConceptDirection existing = published.get(spec.id());
        if (existing != null && existing.version().equals(version)) {
            // Same examples, same model: only the description or settings changed.
            return existing;
        }
        if (carried) {
            return new ConceptDirection(spec.id(), version, concept.direction());
        }
        LOG.info("compiling concept '{}' for {} (published for {})", spec.id(), embedder.modelId(),
                Objects.requireNonNullElse(concept.embeddingModel(), "no model"));
        return ConceptDirection.compile(spec, embedder);
    }

    private void refresh() {
        current = published.isEmpty() ? fallback
                : new ConceptCatalog(embedder.modelId(), published.values().stream().filter(Objects::nonNull).toList());
        LOG.info("concept catalog now scores {} with {}", current.ids(), current.embeddingModel());
    }
}
