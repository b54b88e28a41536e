package io.tidewatch.kafka;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.replay.RejectedLine;
import io.tidewatch.topology.TidewatchTopology;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads the turns of a time range of a live topic, without joining any consumer group: every
 * partition from the first offset at or after {@code since} up to {@code until} (by record time)
 * or its current end. A record that is not a turn is rejected, with its partition and offset, as
 * an input file's bad line is; the live app dead-letters it.
 */
public final class TopicRangeCopy {

    private TopicRangeCopy() {
    }

    public static void copy(final AppConfig settings, final String topic, final Instant since, final Instant until,
                     final AvroWireSerde<ConversationTurn> serde, final Consumer<ConversationTurn> send,
                     final Consumer<RejectedLine> reject) {
        if (!since.isBefore(until)) {
            throw new ConfigException("--since " + since + " must be before --until " + until);
        }
        final Properties props = TidewatchApp.streamsConfig(settings);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "tidewatch-replay-reader-" + UUID.randomUUID());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            final Map<TopicPartition, Long> starts = new HashMap<>();
            partitions.forEach(p -> starts.put(p, since.toEpochMilli()));
            final Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(starts);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            partitions.forEach(p -> consumer.seek(p, found.get(p) == null ? ends.get(p) : found.get(p).offset()));
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.timestamp() < until.toEpochMilli() && record.offset() < ends.get(new TopicPartition(topic, record.partition()))) {
                        decode(serde, record, send, reject);
                    }
                }
            }
        }
    }

    private static void decode(final AvroWireSerde<ConversationTurn> serde, final ConsumerRecord<byte[], byte[]> record,
                               final Consumer<ConversationTurn> send, final Consumer<RejectedLine> reject) {
        if (record.value() == null && record.headers().lastHeader(TidewatchTopology.END_OF_INPUT_HEADER) != null) {
            return;
        }
        final RejectedLine where = new RejectedLine(record.topic() + "-" + record.partition(), record.offset(), "");
        try {
            final ConversationTurn turn = serde.deserialize(record.topic(), record.headers(), record.value());
            if (turn == null) {
                reject.accept(new RejectedLine(where.file(), where.line(), "a record without a value is not a turn"));
            } else {
                send.accept(turn);
            }
        } catch (final SerializationException e) {
            reject.accept(new RejectedLine(where.file(), where.line(), "not a turn: " + e.getMessage()));
        }
    }
}
