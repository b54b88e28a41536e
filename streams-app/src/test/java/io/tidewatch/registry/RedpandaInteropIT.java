package io.tidewatch.registry;

import io.tidewatch.avro.ConversationTurn;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.redpanda.RedpandaContainer;

/**
 * The KafkaJS interop of {@link KafkaJsInteropIT} against a registry nobody here wrote either:
 * Redpanda's broker and its Confluent-compatible schema registry, in a container. Needs Docker.
 */
class RedpandaInteropIT {

    private static final String IMAGE = "docker.redpanda.com/redpandadata/redpanda:v24.2.4";

    private static void requireDocker() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            final String reason = "Redpanda interop skipped: no Docker engine on this machine";
            // Surefire's console does not show assumption messages; this line makes the skip visible in the build log.
            System.err.println(reason);
            Assumptions.abort(reason);
        }
        NodeInterop.requireInstalled();
    }

    @Test
    void kafkaJsAndTheAppUnderstandEachOtherThroughRedpandasRegistry(@TempDir final Path dir) throws Exception {
        requireDocker();
        final List<ConversationTurn> turns = AppUnderTest.traffic(40, 20);
        try (RedpandaContainer redpanda = new RedpandaContainer(IMAGE)) {
            redpanda.start();
            // KafkaJS wants host:port, without the listener name the container reports.
            final String bootstrap = redpanda.getBootstrapServers().replaceFirst("^PLAINTEXT://", "");
            final String registryUrl = redpanda.getSchemaRegistryAddress();
            try (AppUnderTest app = AppUnderTest.start(bootstrap, registryUrl, dir, Map.of())) {
                final NodeInterop.Result result = NodeInterop.run(NodeInterop.Client.KAFKAJS, bootstrap, registryUrl, turns, dir, Duration.ofMinutes(3));

                NodeInterop.assertUnderstoodEachOther(result, RegistryConfig.parse(Map.of(RegistryConfig.URL, registryUrl)).client(), app, turns.size(),
                        SchemaIdForm.PREFIX);
            }
        }
    }
}
