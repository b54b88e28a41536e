package io.tidewatch.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads a topic's committed records from the beginning, for integration tests: it waits on a
 * condition over everything read so far and fails with a clear message if the condition is not
 * met within the limit.
 */
public final class TopicReader implements AutoCloseable {

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String topic;
    private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

    public TopicReader(final String bootstrapServers, final String topic) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "topic-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
    }

    /** Polls until {@code done} holds for the records read so far; returns them. */
    public List<ConsumerRecord<byte[], byte[]>> readUntil(final Predicate<List<ConsumerRecord<byte[], byte[]>>> done,
                                                          final Duration limit, final String waitingFor) {
        final long deadline = System.nanoTime() + limit.toNanos();
        while (!done.test(records)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + limit + " waiting for " + waitingFor + " on " + topic
                        + " (" + records.size() + " records read)");
            }
            consumer.poll(Duration.ofMillis(250)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    /** Everything committed to the topic up to now (its last stable offsets when called). */
    public List<ConsumerRecord<byte[], byte[]>> readToEnd(final Duration limit) {
        final Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.partitionsFor(topic).stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList());
        final long deadline = System.nanoTime() + limit.toNanos();
        while (ends.entrySet().stream().anyMatch(e -> !consumer.assignment().contains(e.getKey())
                || consumer.position(e.getKey()) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("gave up after " + limit + " reading " + topic + " to its end offsets " + ends);
            }
            consumer.poll(Duration.ofMillis(250)).forEach(records::add);
        }
        return List.copyOf(records);
    }

    @Override
    public void close() {
        consumer.close();
    }
}
