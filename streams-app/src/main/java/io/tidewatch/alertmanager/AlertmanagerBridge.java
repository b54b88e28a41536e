package io.tidewatch.alertmanager;

import io.tidewatch.alertmanager.AlertmanagerAlerts.Posted;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.registry.AvroWireSerde;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Sends the alerts topic's open episodes to Alertmanager and keeps them there.
 *
 * <p>On start it reads the topic from its beginning (committed records only) to learn which
 * episodes are open, without posting, then posts them all and follows the topic. It posts the
 * whole set when an alert starts, ends or changes severity, and at least every {@code resend}
 * as a keep-alive. The set is a function of the topic alone, so a restart, a second bridge or an
 * Alertmanager that lost its state all converge on the same alerts, and Alertmanager, which
 * deduplicates on labels, pages each once. While Alertmanager cannot be reached the set waits in
 * memory (ends included) and is posted when it answers again: an outage delays pages, never
 * loses them. It commits no offsets: the topic is read whole at every start.
 */
public final class AlertmanagerBridge implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(200);
    /** How long an alert stays open in Alertmanager without a keep-alive, in resend intervals. */
    private static final int TTL_RESENDS = 5;

    private final Properties kafka;
    private final String topic;
    private final AvroWireSerde<DriftAlert> serde;
    private final AlertmanagerClient client;
    private final AlertmanagerAlerts alerts;
    private final Duration resend;
    private final PrintWriter log;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean(true);

    public AlertmanagerBridge(final Properties kafka, final String topic, final AvroWireSerde<DriftAlert> serde,
                              final AlertmanagerClient client, final AlertmanagerAlerts alerts, final Duration resend,
                              final PrintWriter log, final Clock clock) {
        this.kafka = kafka;
        this.topic = topic;
        this.serde = serde;
        this.client = client;
        this.alerts = alerts;
        this.resend = resend;
        this.log = log;
        this.clock = clock;
    }

    /** Runs until {@link #close()}. */
    public void run() throws InterruptedException {
        final Properties props = new Properties();
        props.putAll(kafka);
        props.putAll(Map.of(ConsumerConfig.GROUP_ID_CONFIG, "tidewatch-alertmanager-" + UUID.randomUUID(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("the alerts topic " + topic + " does not exist: start tidewatch run first, which creates it");
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long events = 0;
            while (running.get() && partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    events += apply(record) == null ? 0 : 1;
                }
            }
            log.printf("caught up with %s: %d events, %d open episodes; posting to %s%n", topic, events, alerts.openCount(), client.endpoint());
            log.flush();
            boolean pending = true;
            Instant lastPost = Instant.MIN;
            Instant nextTry = Instant.MIN;
            Duration backoff = Duration.ofSeconds(1);
            boolean failing = false;
            while (running.get()) {
                for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(POLL)) {
                    pending |= Boolean.TRUE.equals(apply(record));
                }
                final Instant now = clock.instant();
                if ((pending || !now.isBefore(lastPost.plus(resend))) && !now.isBefore(nextTry)) {
                    final List<Posted> posts = alerts.toPost(now, resend.multipliedBy(TTL_RESENDS));
                    try {
                        if (!posts.isEmpty()) {
                            client.post(posts);
                        }
                        alerts.delivered(posts);
                        pending = false;
                        lastPost = now;
                        backoff = Duration.ofSeconds(1);
                        if (failing) {
                            log.printf("Alertmanager answers again: posted %d alerts%n", posts.size());
                            failing = false;
                        }
                    } catch (final IOException e) {
                        if (!failing) {
                            log.printf("cannot post to Alertmanager (%s); retrying, %d open and %d ended alerts wait%n",
                                    e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage(), alerts.openCount(), alerts.endingCount());
                            failing = true;
                        }
                        nextTry = now.plus(backoff);
                        backoff = backoff.multipliedBy(2).compareTo(resend) > 0 ? resend : backoff.multipliedBy(2);
                    }
                    log.flush();
                }
            }
        }
    }

    /** Applies one record: whether Alertmanager must hear of it now, or null for a record that is not an alert. */
    private Boolean apply(final ConsumerRecord<byte[], byte[]> record) {
        try {
            return alerts.apply(serde.deserialize(topic, record.headers(), record.value()));
        } catch (final SerializationException e) {
            // Someone else's record on the topic must not stop the bridge; it is named so that it can be found.
            log.printf("skipping an undecodable record on %s at partition %d, offset %d: %s%n", topic, record.partition(), record.offset(),
                    e.getMessage());
            return null;
        }
    }

    @Override
    public void close() {
        running.set(false);
    }
}
