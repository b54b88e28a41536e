package io.tidewatch.topology.state;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * A key-value store that keeps the writes of a commit interval as objects and hands the last one
 * per key to the changelogged store underneath when Kafka Streams commits. The stages write a
 * few small entries per reply (a buffered turn, an open reply, a source's watermark) that mostly
 * are deleted or overwritten before the next commit: written through, each cost a serialisation
 * and a trip through Kafka's byte cache; written back, a hash-map entry, and a put followed by a
 * delete before the commit reaches neither the store nor its changelog.
 *
 * <p>The commit is seen through Kafka Streams' own cache interface ({@link CachedStateStore}, an
 * internal one): before committing a task it flushes the caches of the task's stores, and
 * exactly-once puts what the flush writes to the changelog in the same transaction as the input
 * offsets, so the store and its changelog hold at each commit what they would have held written
 * through. {@code WriteBackStoreTest} checks that contract on this Kafka version, and the
 * failover test kills an instance mid-batch. Uncommitted writes are dropped with the task's
 * other uncommitted state when it is closed or re-initialised.
 *
 * <p>Range queries would have to merge the pending writes with the store's; the stages only
 * iterate at initialisation, so iterating with writes pending is refused rather than built.
 */
public final class WriteBackStore<K, V> implements KeyValueStore<K, V>, CachedStateStore<K, V> {

    /** Marks a pending delete. */
    private static final Object DELETED = new Object();

    private final KeyValueStore<K, V> store;
    /** The last write of each key since the last commit: its value, or {@link #DELETED}. */
    private final Map<K, Object> pending = new HashMap<>();
    /** Keys of pending writes that the store underneath did not hold when they were first written. */
    private final Set<K> absentUnderneath = new HashSet<>();

    private WriteBackStore(final KeyValueStore<K, V> store) {
        this.store = store;
    }

    /** Builds the store {@code changelogged} builds (without its byte cache), with writes held until commit. */
    public static <K, V> StoreBuilder<KeyValueStore<K, V>> over(final StoreBuilder<KeyValueStore<K, V>> changelogged) {
        final StoreBuilder<KeyValueStore<K, V>> underneath = changelogged.withCachingDisabled();
        return new StoreBuilder<>() {
            // The store is its own cache, whichever is asked for; Kafka's byte cache stays off underneath.
            @Override
            public StoreBuilder<KeyValueStore<K, V>> withCachingEnabled() {
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withCachingDisabled() {
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withLoggingEnabled(final Map<String, String> config) {
                underneath.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<KeyValueStore<K, V>> withLoggingDisabled() {
                underneath.withLoggingDisabled();
                return this;
            }

            @Override
            public KeyValueStore<K, V> build() {
                return new WriteBackStore<>(underneath.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return underneath.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return underneath.loggingEnabled();
            }

            @Override
            public String name() {
                return underneath.name();
            }
        };
    }

    @Override
    public void init(final StateStoreContext context, final StateStore root) {
        clearCache();
        store.init(context, root);
    }

    @Override
    public V get(final K key) {
        final Object written = pending.get(key);
        if (written == null) {
            return store.get(key);
        }
        return written == DELETED ? null : cast(written);
    }

    /**
     * Writes {@code value}, or deletes with {@code null} without reading the value it replaces: a
     * stage that has no use for the old value saves decoding it. Unlike {@link #delete}, a null
     * put of a key the store does not hold still writes a tombstone at the commit. The first write
     * of a key in a commit interval looks the key up underneath (decoding a value found there), so
     * that a delete before the commit can be dropped rather than logged.
     */
    @Override
    public void put(final K key, final V value) {
        if (value == null) {
            remove(key);
            return;
        }
        if (!pending.containsKey(key) && store.get(key) == null) {
            absentUnderneath.add(key);
        }
        pending.put(key, value);
    }

    private void remove(final K key) {
        if (absentUnderneath.remove(key)) {
            // Nothing underneath to delete: a put since the last commit is simply forgotten.
            pending.remove(key);
        } else {
            pending.put(key, DELETED);
        }
    }

    @Override
    public V putIfAbsent(final K key, final V value) {
        final V current = get(key);
        if (current == null) {
            put(key, value);
        }
        return current;
    }

    @Override
    public void putAll(final List<KeyValue<K, V>> entries) {
        entries.forEach(entry -> put(entry.key, entry.value));
    }

    @Override
    public V delete(final K key) {
        final V old = get(key);
        if (old != null || pending.containsKey(key)) {
            remove(key);
        }
        return old;
    }

    @SuppressWarnings("unchecked")
    private V cast(final Object value) {
        return (V) value;
    }

    /** Hands the pending writes to the store underneath; Kafka Streams calls it before each commit. */
    @Override
    public void flushCache() {
        for (final Map.Entry<K, Object> write : pending.entrySet()) {
            // A null put deletes without decoding the value deleted, as delete would.
            store.put(write.getKey(), write.getValue() == DELETED ? null : cast(write.getValue()));
        }
        clearCache();
    }

    @Override
    public void clearCache() {
        pending.clear();
        absentUnderneath.clear();
    }

    @Override
    public boolean setFlushListener(final CacheFlushListener<K, V> listener, final boolean sendOldValues) {
        return false;
    }

    // Called after the commit (to checkpoint), when the writes were handed over already: writing
    // here would put them in no transaction.
    @Override
    public void flush() {
        store.flush();
    }

    @Override
    public void commit(final Map<TopicPartition, Long> changelogOffsets) {
        store.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(final TopicPartition partition) {
        return store.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return store.managesOffsets();
    }

    @Override
    public void close() {
        clearCache();
        store.close();
    }

    @Override
    public KeyValueIterator<K, V> range(final K from, final K to) {
        return settled().range(from, to);
    }

    @Override
    public KeyValueIterator<K, V> all() {
        return settled().all();
    }

    @Override
    public <PS extends Serializer<P>, P> KeyValueIterator<K, V> prefixScan(final P prefix, final PS prefixKeySerializer) {
        return settled().prefixScan(prefix, prefixKeySerializer);
    }

    private KeyValueStore<K, V> settled() {
        if (!pending.isEmpty()) {
            throw new IllegalStateException("store " + name() + " has " + pending.size() + " writes pending until the commit;"
                    + " it is only iterated without them");
        }
        return store;
    }

    @Override
    public long approximateNumEntries() {
        return store.approximateNumEntries() + pending.size();
    }

    @Override
    public String name() {
        return store.name();
    }

    @Override
    public boolean persistent() {
        return store.persistent();
    }

    @Override
    public boolean isOpen() {
        return store.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(final Query<R> query, final PositionBound positionBound, final QueryConfig config) {
        return store.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return store.getPosition();
    }
}
