package io.tidewatch.registry;

/** A Kafka broker and a Confluent-API schema registry for the end-to-end contract tests. */
interface Stack extends AutoCloseable {

    String bootstrapServers();

    String registryUrl();

    @Override
    void close();
}
