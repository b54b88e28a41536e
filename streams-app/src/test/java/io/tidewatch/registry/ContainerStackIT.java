package io.tidewatch.registry;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;

/**
 * {@link StackContract} on Apache Kafka and Confluent Schema Registry in containers, the images
 * of docker/compose.yaml. Where there is no Docker engine it is reported as skipped, and says
 * why in the build log; {@link EmbeddedStackIT} runs the same test bodies there.
 */
class ContainerStackIT extends StackContract {

    static final String KAFKA_IMAGE = "apache/kafka:4.3.1";
    static final String REGISTRY_IMAGE = "confluentinc/cp-schema-registry:7.9.0";

    private static void requireDocker() {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            final String reason = "ContainerStackIT skipped: no Docker engine on this machine (EmbeddedStackIT runs the same tests)";
            // Surefire's console does not show assumption messages; this line makes the skip visible in the build log.
            System.err.println(reason);
            Assumptions.abort(reason);
        }
    }

    private Network network;
    private KafkaContainer kafka;
    private GenericContainer<?> registry;
    private Stack stack;

    @BeforeEach
    void start() {
        requireDocker();
        network = Network.newNetwork();
        kafka = new KafkaContainer(KAFKA_IMAGE).withNetwork(network).withListener("kafka:19092");
        kafka.start();
        registry = new GenericContainer<>(REGISTRY_IMAGE).withNetwork(network).withExposedPorts(8081)
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200));
        registry.start();
        stack = new Stack() {
            @Override
            public String bootstrapServers() {
                return kafka.getBootstrapServers();
            }

            @Override
            public String registryUrl() {
                return "http://" + registry.getHost() + ":" + registry.getMappedPort(8081);
            }

            @Override
            public void close() {
                registry.stop();
                kafka.stop();
                network.close();
            }
        };
    }

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Override
    Stack stack() {
        return stack;
    }
}
