package io.tidewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.RegistryConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's alert console on a real broker: a record that is not an alert is reported and the tail goes on. */
class AlertTailIT {

    @TempDir
    Path dir;

    @Test
    void anUndecodableRecordIsReportedAndTheAlertsAfterItStillArrive() throws Exception {
        final String topic = "alerts";
        final AvroSerdes serdes = AvroSerdes.fromConfig(Map.of(RegistryConfig.URL, "mock://alert-tail-test"));
        final Instant at = Instant.parse("2026-05-01T00:30:00Z");
        final DriftAlert alert = DriftAlert.newBuilder().setAlertId("a1").setState(AlertState.OPEN).setDetector("cusum")
                .setConcept("model-rights-advocacy").setSegment(Map.of("model", "assistant-v2")).setEventTime(at)
                .setWindowStart(at.minusSeconds(600)).setWindowEnd(at).setStatistic(9.0).setThreshold(8.0).setObservedMean(0.2)
                .setReferenceMean(0.1).setEffectSize(0.5).setSampleCount(300).setExemplars(List.of()).setExplainedBy(List.of())
                .setMessage("OPEN cusum on model-rights-advocacy").setDetails(Map.of()).build();
        final StringWriter console = new StringWriter();
        final Path json = dir.resolve("alerts.jsonl");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final java.util.Properties clients = new java.util.Properties();
            clients.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
            KafkaTopics.ensure(clients, List.of(topic), 1, (short) 1);
            try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(topic, "not an alert".getBytes(StandardCharsets.UTF_8))).get();
                producer.send(new ProducerRecord<>(topic, serdes.forType(DriftAlert.class).serialize(topic, alert))).get();
            }
            try (AlertTail tail = new AlertTail(kafka.bootstrapServers(), topic, serdes, json, new PrintWriter(console, true))) {
                final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (tail.events() < 1 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(tail.events()).isEqualTo(1);
            }
        }
        assertThat(console.toString()).contains("skipping an undecodable record on alerts at partition 0, offset 0",
                "ALERT OPEN cusum on model-rights-advocacy  [a1]");
        assertThat(Files.readAllLines(json)).singleElement().asString().contains("\"alert_id\":\"a1\"");
    }
}
