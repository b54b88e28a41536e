package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.kafka.EmbeddedKafka;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The app on a real broker while its HTTP registry is down, then back: every good turn is scored
 * once, and only the bad records (wrong magic byte, truncated, unknown schema id) are dead-lettered.
 */
class RegistryOutageIT {

    @Test
    void anOutageDelaysScoringButLosesNothingAndDeadLettersOnlyBadRecords(@TempDir final Path dir) throws Exception {
        final InMemorySchemaRegistry schemas = new InMemorySchemaRegistry();
        final List<ConversationTurn> turns = AppUnderTest.traffic(3, 99);
        final int port;
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            try (ConfluentRegistryServer registry = ConfluentRegistryServer.start(0, schemas)) {
                port = registry.port();
                produce(kafka.bootstrapServers(), encoded(turns, registry.url()));
            }
            try (AppUnderTest app = AppUnderTest.start(kafka.bootstrapServers(), "http://127.0.0.1:" + port, dir,
                    // A failed stream thread is replaced, and its successor waits out the old member's session: keep that short.
                    Map.of(RegistryConfig.MAX_RETRIES, "1", RegistryConfig.RETRIES_WAIT_MS, "100", "session.timeout.ms", "6000"))) {
                final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (app.turnsConsumed() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                assertThat(app.turnsConsumed()).as("the app read turns while the registry was down").isPositive();
                // Long enough for stream threads to fail on the outage and be replaced.
                Thread.sleep(4_000);
                try (ConfluentRegistryServer back = ConfluentRegistryServer.start(port, schemas)) {
                    final List<ConsumerRecord<byte[], byte[]>> scored = app.read(AppUnderTest.SCORED, r -> r.size() >= turns.size(), Duration.ofSeconds(90));
                    final List<ConsumerRecord<byte[], byte[]>> dead = app.read(AppUnderTest.DEAD_LETTERS, r -> r.size() >= 3, Duration.ofSeconds(30));

                    assertThat(scored).hasSize(turns.size());
                    assertThat(dead).extracting(r -> header(r, "tidewatch.dlq.reason")).containsOnly("undecodable");
                    assertThat(dead).extracting(r -> header(r, "tidewatch.dlq.detail")).satisfiesExactlyInAnyOrder(
                            detail -> assertThat(detail).isEqualTo("not Confluent wire format: magic byte 30 instead of 0 (a schema id) or 1 (a schema GUID)"),
                            detail -> assertThat(detail).startsWith("cannot decode ConversationTurn with schema id 1: java.io.EOFException"),
                            detail -> assertThat(detail).isEqualTo("schema id 777 is not in the registry (schema registry " + back.url()
                                    + " refused GET /schemas/ids/777: HTTP 404, error 40403: Schema 777 not found)"));
                }
            }
        }
    }

    /** The good turns, with three bad records among them. */
    private static List<byte[]> encoded(final List<ConversationTurn> turns, final String registryUrl) {
        final AvroWireSerde<ConversationTurn> serde = AvroSerdes.fromConfig(Map.of(RegistryConfig.URL, registryUrl)).forType(ConversationTurn.class);
        final List<byte[]> values = new ArrayList<>(turns.stream().map(t -> serde.serialize(AppUnderTest.TURNS, t)).toList());
        final byte[] good = values.get(0);
        final byte[] wrongMagic = good.clone();
        wrongMagic[0] = 30;
        final byte[] unknownId = good.clone();
        unknownId[3] = 3;
        unknownId[4] = 9;
        values.add(5, wrongMagic);
        values.add(10, Arrays.copyOf(good, good.length / 2));
        values.add(15, unknownId);
        return values;
    }

    /** Creates the turns topic (the app is not there yet to do it) and writes {@code values} to it. */
    private static void produce(final String bootstrapServers, final List<byte[]> values) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(AppUnderTest.TURNS, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            values.forEach(v -> producer.send(new ProducerRecord<>(AppUnderTest.TURNS, v)));
        }
    }

    private static String header(final ConsumerRecord<byte[], byte[]> record, final String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }
}
