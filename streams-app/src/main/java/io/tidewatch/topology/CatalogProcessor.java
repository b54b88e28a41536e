package io.tidewatch.topology;

import io.tidewatch.avro.ConceptDefinition;
import io.tidewatch.concept.CatalogFormatException;
import io.tidewatch.concept.ConceptRecords;
import io.tidewatch.concept.LiveCatalog;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroWireSerde;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the {@link LiveCatalog} in step with the compacted catalog topic, on Kafka Streams' global
 * thread. Kafka Streams also replays the topic through this processor when it restores the store,
 * and every instance reads the whole topic before its stream threads start, so the first turn is
 * already scored with the published catalog. The store holds the last usable record of each
 * concept; a record that cannot be used is logged and counted, and its concept keeps its previous
 * definition (a bad publish must not silently drop a monitored concept).
 */
final class CatalogProcessor implements Processor<String, byte[], Void, Void> {

    static final String CATALOG_STORE = "concept-catalog";
    private static final Logger LOG = LoggerFactory.getLogger(CatalogProcessor.class);

    private final String topic;
    private final AvroWireSerde<ConceptDefinition> serde;
    private final LiveCatalog catalog;
    private final TidewatchMetrics metrics;
    private ProcessorContext<Void, Void> context;
    private KeyValueStore<String, byte[]> store;

    CatalogProcessor(final String topic, final AvroWireSerde<ConceptDefinition> serde, final LiveCatalog catalog,
                     final TidewatchMetrics metrics) {
        this.topic = topic;
        this.serde = serde;
        this.catalog = catalog;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<Void, Void> context) {
        this.context = context;
        this.store = context.getStateStore(CATALOG_STORE);
        // A store restored from a local checkpoint holds records this processor has not seen.
        try (KeyValueIterator<String, byte[]> all = store.all()) {
            all.forEachRemaining(entry -> catalog.put(decode(entry.key, null, entry.value, "store " + CATALOG_STORE)));
        }
    }

    @Override
    public void process(final Record<String, byte[]> record) {
        final String source = context.recordMetadata().map(m -> m.topic() + "-" + m.partition() + "@" + m.offset()).orElse(topic);
        if (record.value() == null && record.key() != null) {
            // A tombstone: the concept leaves the catalog.
            store.delete(record.key());
            catalog.remove(record.key());
            return;
        }
        try {
            catalog.put(decode(record.key(), record.headers(), record.value(), source));
            // The store keeps values only: one whose schema id came in a header keeps it as a prefix.
            store.put(record.key(), serde.withSchemaIdPrefix(record.headers(), record.value()));
        } catch (final SerializationException | CatalogFormatException | IllegalArgumentException e) {
            metrics.conceptRecordRejected();
            LOG.warn("ignored concept record {} (key {}): {}; the concept keeps its previous definition", source, record.key(), e.getMessage());
        }
    }

    private ConceptRecords.Published decode(final String key, final Headers headers, final byte[] value, final String source) {
        return ConceptRecords.fromRecord(key, serde.deserialize(topic, headers, value), source);
    }
}
