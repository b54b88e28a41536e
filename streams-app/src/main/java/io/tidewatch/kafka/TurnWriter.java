package io.tidewatch.kafka;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.topology.TidewatchTopology;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes turns and end-of-input markers to the app's input topic, as tidewatch's own tools do
 * (replay, demo, traffic, the benchmarks), and fails loudly when a record was not written: at
 * the next send, flush or close. A replay that lost turns would otherwise wait for them forever.
 *
 * <p>One produce request in flight. Brokers before Kafka 4.5 accept any first sequence number
 * from an idempotent producer they hold no state for on a partition (KAFKA-15591). A batch
 * refused while the partition comes online (a new topic, a broker restart) can then be overtaken
 * by the next batch, and is retried against a sequence gap until {@code delivery.timeout.ms}
 * drops it. With one request in flight the refused batch goes again before anything after it.
 * Batches of 256 KiB keep one request per round trip enough for a backlog of turns.
 *
 * <p>Safe for concurrent use, as the producer is.
 */
public final class TurnWriter implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();
    private final AtomicLong sent = new AtomicLong();

    /** @param clientConfig Kafka client settings (bootstrap servers, security); other keys are ignored by the producer */
    public TurnWriter(final Properties clientConfig, final String topic) {
        final Properties config = new Properties();
        config.putAll(clientConfig);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "20");
        config.putIfAbsent(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        this.producer = new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer());
        this.topic = topic;
    }

    /** Sends one turn as {@code serde} encodes it (its schema id before the value or in a header), at its event time. */
    public void send(final AvroWireSerde<ConversationTurn> serde, final ConversationTurn turn) {
        final RecordHeaders headers = new RecordHeaders();
        final byte[] value = serde.serialize(topic, headers, turn);
        send(new ProducerRecord<>(topic, null, turn.getTimestamp().toEpochMilli(), turn.getConversationId().getBytes(StandardCharsets.UTF_8),
                value, headers));
    }

    /** Sends one encoded turn, keyed by its conversation so a conversation stays on one partition. */
    public void send(final String conversationId, final long eventTime, final byte[] turn) {
        send(new ProducerRecord<>(topic, null, eventTime, conversationId.getBytes(StandardCharsets.UTF_8), turn));
    }

    /**
     * Writes the end-of-input marker to every partition, after the turns sent so far; the detect
     * stage then closes the last buckets. {@code eventTime} is only the marker's record timestamp.
     */
    public void markEndOfInput(final long eventTime) {
        producer.partitionsFor(topic).forEach(p -> {
            final RecordHeaders headers = new RecordHeaders();
            headers.add(TidewatchTopology.END_OF_INPUT_HEADER, new byte[0]);
            send(new ProducerRecord<>(topic, p.partition(), Math.max(0, eventTime), null, null, headers));
        });
    }

    private void send(final ProducerRecord<byte[], byte[]> record) {
        // A long-running writer (demo, traffic) stops at the first send after a failure.
        check();
        sent.incrementAndGet();
        producer.send(record, this::completed);
    }

    private void completed(final RecordMetadata metadata, final Exception failure) {
        if (failure != null) {
            failed.incrementAndGet();
            firstFailure.compareAndSet(null, failure);
        }
    }

    /** Waits until everything sent so far is written. */
    public void flush() {
        producer.flush();
        check();
    }

    private void check() {
        final Exception failure = firstFailure.get();
        if (failure != null) {
            throw new IllegalStateException(failed.get() + " of " + sent.get() + " records could not be written to " + topic + ": "
                    + failure.getMessage(), failure);
        }
    }

    /** Flushes, then closes; fails if any record was not written. */
    @Override
    public void close() {
        try {
            producer.flush();
        } finally {
            producer.close();
        }
        check();
    }
}
