package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tidewatch.avro.ConceptDefinition;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.ConceptRecords;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.concept.LiveCatalog;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.registry.AvroSerdes;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

class CatalogProcessorTest {

    @Test
    void aStoreRestoredFromACheckpointIsReadIntoTheLiveCatalogAtStart() {
        final HashingEmbedder embedder = new HashingEmbedder(16);
        final ConceptSpec spec = new ConceptSpec("garden-talk", "", true, List.of("garden sunlight"), List.of("invoice email"), Map.of());
        final AvroWireSerde<ConceptDefinition> serde = AvroSerdes.fromConfig(Map.of("schema.registry.url", "mock://catalog-" + UUID.randomUUID()))
                .forType(ConceptDefinition.class);
        final MockProcessorContext<Void, Void> context = new MockProcessorContext<>();
        final KeyValueStore<String, byte[]> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(CatalogProcessor.CATALOG_STORE),
                Serdes.String(), Serdes.ByteArray()).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        // A record this processor instance never saw: Kafka Streams restores a checkpointed store without it.
        store.put(spec.id(), serde.serialize("tidewatch.concepts",
                ConceptRecords.toRecord(spec, ConceptDirection.compile(spec, embedder), embedder.modelId())));
        final LiveCatalog live = new LiveCatalog(new ConceptCatalog(embedder.modelId(), List.of()), embedder);

        new CatalogProcessor("tidewatch.concepts", serde, live, new TidewatchMetrics(new PrometheusRegistry())).init(context);

        assertThat(live.get().ids()).containsExactly("garden-talk");
    }
}
