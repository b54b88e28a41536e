package io.tidewatch.registry;

import io.tidewatch.kafka.EmbeddedKafka;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** {@link StackContract} on the in-JVM KRaft broker and the in-JVM Confluent REST registry: runs everywhere. */
class EmbeddedStackIT extends StackContract {

    private Stack stack;

    @BeforeEach
    void start() {
        final EmbeddedKafka kafka = EmbeddedKafka.start();
        final ConfluentRegistryServer registry = ConfluentRegistryServer.start();
        stack = new Stack() {
            @Override
            public String bootstrapServers() {
                return kafka.bootstrapServers();
            }

            @Override
            public String registryUrl() {
                return registry.url();
            }

            @Override
            public void close() {
                registry.close();
                kafka.close();
            }
        };
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Override
    Stack stack() {
        return stack;
    }
}
