package io.tidewatch.kafka;

import io.tidewatch.avro.DriftAlert;
import io.tidewatch.cli.RecordJson;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Follows the alerts topic (committed records only), prints each event as it arrives and, if
 * asked, appends it as one JSON line to a file.
 */
public final class AlertTail implements AutoCloseable {

    private final Thread thread;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong events = new AtomicLong();

    public AlertTail(final String bootstrapServers, final String topic, final AvroSerdes serdes, final Path jsonOut,
              final PrintWriter console) {
        final BufferedWriter writer = open(jsonOut);
        final AvroWireSerde<DriftAlert> serde = serdes.forType(DriftAlert.class);
        final Properties props = new Properties();
        props.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.GROUP_ID_CONFIG, "tidewatch-alert-tail-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        thread = new Thread(() -> {
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
                consumer.subscribe(List.of(topic));
                while (running.get()) {
                    for (final ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        final DriftAlert alert;
                        try {
                            alert = serde.deserialize(topic, record.headers(), record.value());
                        } catch (final SerializationException e) {
                            // Someone else's record on the topic must not end the tail silently.
                            console.println("skipping an undecodable record on " + topic + " at partition " + record.partition()
                                    + ", offset " + record.offset() + ": " + e.getMessage());
                            continue;
                        }
                        events.incrementAndGet();
                        console.println("ALERT " + alert.getMessage() + "  [" + alert.getAlertId() + "]");
                        write(writer, RecordJson.line(alert));
                    }
                }
            } finally {
                close(writer);
            }
        }, "alert-tail");
        thread.setDaemon(true);
        thread.start();
    }

    public long events() {
        return events.get();
    }

    private static BufferedWriter open(final Path file) {
        try {
            return file == null ? null : Files.newBufferedWriter(file);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot write alerts to " + file, e);
        }
    }

    private static void write(final BufferedWriter writer, final String line) {
        if (writer == null) {
            return;
        }
        try {
            writer.write(line);
            writer.newLine();
            writer.flush();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot append to the alerts file", e);
        }
    }

    private static void close(final BufferedWriter writer) {
        try {
            if (writer != null) {
                writer.close();
            }
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        running.set(false);
        try {
            thread.join(5_000);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
