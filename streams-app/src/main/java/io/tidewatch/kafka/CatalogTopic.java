package io.tidewatch.kafka;

import io.tidewatch.avro.ConceptDefinition;
import io.tidewatch.concept.CatalogPlan;
import io.tidewatch.registry.AvroWireSerde;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads and writes the compacted concept catalog topic for {@code concepts publish}. */
public final class CatalogTopic {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogTopic.class);

    private final Properties clientConfig;
    private final String topic;
    private final AvroWireSerde<ConceptDefinition> serde;

    public CatalogTopic(final Properties clientConfig, final String topic, final AvroWireSerde<ConceptDefinition> serde) {
        this.clientConfig = clientConfig;
        this.topic = topic;
        this.serde = serde;
    }

    /**
     * The committed catalog: the last record of each key up to the end of the topic, read without
     * a consumer group. Keys whose last record cannot be decoded map to null, so publishing
     * overwrites them; tombstoned keys are absent, and a missing topic is an empty catalog.
     */
    public Map<String, ConceptDefinition> read() {
        final Map<String, ConceptDefinition> catalog = new HashMap<>();
        TopicDrain.readAll(clientConfig, topic).forEach(record -> apply(catalog, record));
        return catalog;
    }

    private void apply(final Map<String, ConceptDefinition> catalog, final ConsumerRecord<byte[], byte[]> record) {
        if (record.key() == null) {
            return;
        }
        final String key = new String(record.key(), StandardCharsets.UTF_8);
        if (record.value() == null) {
            catalog.remove(key);
            return;
        }
        try {
            catalog.put(key, serde.deserialize(topic, record.headers(), record.value()));
        } catch (final SerializationException e) {
            LOG.warn("the catalog record {}-{}@{} for '{}' cannot be decoded ({}); publishing replaces it",
                    record.topic(), record.partition(), record.offset(), key, e.getMessage());
            catalog.put(key, null);
        }
    }

    /** Writes the plan in one transaction, so the apps see the whole new catalog or none of it. */
    public void write(final CatalogPlan plan) {
        final Properties props = new Properties();
        props.putAll(clientConfig);
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tidewatch-concepts-publish-" + UUID.randomUUID());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (final ConceptDefinition definition : plan.writes()) {
                final RecordHeaders headers = new RecordHeaders();
                producer.send(new ProducerRecord<>(topic, null, definition.getId(), serde.serialize(topic, headers, definition), headers));
            }
            for (final String id : plan.removed()) {
                producer.send(new ProducerRecord<>(topic, id, null));
            }
            producer.commitTransaction();
        }
    }
}
