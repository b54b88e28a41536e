package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.kafka.EmbeddedKafka;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interop with clients nobody here wrote: KafkaJS with @kafkajs/confluent-schema-registry, and with
 * Confluent's own @confluentinc/schemaregistry, on a real broker (EmbeddedKafka) and a real HTTP
 * registry (the in-JVM Confluent REST registry).
 */
class KafkaJsInteropIT {

    @Test
    void kafkaJsProducesTurnsOnANewerSchemaThatTheAppScoresAndDecodesTheAppsAlerts(@TempDir final Path dir) throws Exception {
        NodeInterop.requireInstalled();
        final List<ConversationTurn> turns = AppUnderTest.traffic(40, 20);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             ConfluentRegistryServer registry = ConfluentRegistryServer.start();
             AppUnderTest app = AppUnderTest.start(kafka.bootstrapServers(), registry.url(), dir, Map.of())) {
            final NodeInterop.Result result = NodeInterop.run(NodeInterop.Client.KAFKAJS, kafka.bootstrapServers(), registry.url(), turns, dir,
                    Duration.ofMinutes(3));

            NodeInterop.assertUnderstoodEachOther(result, registry.store(), app, turns.size(), SchemaIdForm.PREFIX);
            // The node client's own REST conversation: subject config, registration, then schemas by id.
            assertThat(registry.requests()).contains("GET /config/chat.turns-value", "POST /subjects/chat.turns-value/versions",
                    "PUT /config/chat.turns-value", "GET /schemas/ids/" + result.alerts().get(0).get("schemaId").asInt());
        }
    }

    /**
     * Confluent's client writes half the turns with the schema's GUID in a header and half with the
     * id before the value, on one topic; the app, writing its own records in the header form, scores
     * every turn and the client reads its alerts with its default deserializer.
     */
    @Test
    void confluentsClientWritesBothSchemaIdFormsOnOneTopicAndReadsTheAppsHeaderFormAlerts(@TempDir final Path dir) throws Exception {
        NodeInterop.requireInstalled();
        final List<ConversationTurn> turns = AppUnderTest.traffic(40, 20);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             ConfluentRegistryServer registry = ConfluentRegistryServer.start();
             AppUnderTest app = AppUnderTest.start(kafka.bootstrapServers(), registry.url(), dir,
                     Map.of(RegistryConfig.VALUE_SCHEMA_ID_SERIALIZER, SchemaIdForm.HEADER.confluentClass()))) {
            final NodeInterop.Result result = NodeInterop.run(NodeInterop.Client.CONFLUENT, kafka.bootstrapServers(), registry.url(), turns, dir,
                    Duration.ofMinutes(3));

            NodeInterop.assertUnderstoodEachOther(result, registry.store(), app, turns.size(), SchemaIdForm.HEADER);
            assertThat(result.producedInHeaders()).isEqualTo(turns.size() / 2);
            assertThat(registry.requests()).contains("GET /schemas/guids/" + registry.store().guid(result.registeredId()));
        }
    }
}
