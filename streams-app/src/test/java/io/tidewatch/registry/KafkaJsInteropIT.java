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
 * Interop with clients nobody here wrote: KafkaJS and @kafkajs/confluent-schema-registry, on a
 * real broker (EmbeddedKafka) and a real HTTP registry (the in-JVM Confluent REST registry).
 */
class KafkaJsInteropIT {

    @Test
    void kafkaJsProducesTurnsOnANewerSchemaThatTheAppScoresAndDecodesTheAppsAlerts(@TempDir final Path dir) throws Exception {
        NodeInterop.requireInstalled();
        final List<ConversationTurn> turns = AppUnderTest.traffic(40, 20);
        try (EmbeddedKafka kafka = EmbeddedKafka.start();
             ConfluentRegistryServer registry = ConfluentRegistryServer.start();
             AppUnderTest app = AppUnderTest.start(kafka.bootstrapServers(), registry.url(), dir, Map.of())) {
            final NodeInterop.Result result = NodeInterop.run(kafka.bootstrapServers(), registry.url(), turns, dir, Duration.ofMinutes(3));

            NodeInterop.assertUnderstoodEachOther(result, registry.store(), app, turns.size());
            // The node client's own REST conversation: subject config, registration, then schemas by id.
            assertThat(registry.requests()).contains("GET /config/chat.turns-value", "POST /subjects/chat.turns-value/versions",
                    "PUT /config/chat.turns-value", "GET /schemas/ids/" + result.alerts().get(0).get("schemaId").asInt());
        }
    }
}
