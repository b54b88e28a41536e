package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end behaviour every deployment must show, written once and run against each
 * {@link Stack}: the in-JVM broker and registry everywhere, containers where Docker exists.
 */
abstract class StackContract {

    /** The stack under test; started before each test and closed after it by the subclass. */
    abstract Stack stack();

    @Test
    void aDriftingModelOpensAnAlertThereOnlyAndEveryGoodTurnIsScoredOnce(@TempDir final Path dir) {
        final List<ConversationTurn> turns = AppUnderTest.traffic(40, 20);
        try (AppUnderTest app = AppUnderTest.start(stack().bootstrapServers(), stack().registryUrl(), dir, Map.of())) {
            final AvroWireSerde<ConversationTurn> serde = AvroSerdes.fromConfig(Map.of(RegistryConfig.URL, stack().registryUrl()))
                    .forType(ConversationTurn.class);
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    stack().bootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(AppUnderTest.TURNS, "junk", new byte[] {0, 0, 0, 0, 99, 1, 2}));
                for (final ConversationTurn turn : turns) {
                    producer.send(new ProducerRecord<>(AppUnderTest.TURNS, null, turn.getTimestamp().toEpochMilli(),
                            turn.getConversationId(), serde.serialize(AppUnderTest.TURNS, turn)));
                }
            }

            final List<ConsumerRecord<byte[], byte[]>> scored = app.read(AppUnderTest.SCORED, r -> r.size() >= turns.size(), Duration.ofMinutes(3));
            assertThat(scored).as("scored turns").hasSize(turns.size());
            final AvroWireSerde<DriftAlert> alerts = AvroSerdes.fromConfig(Map.of(RegistryConfig.URL, stack().registryUrl())).forType(DriftAlert.class);
            final List<DriftAlert> events = app.read(AppUnderTest.ALERTS, r -> !r.isEmpty(), Duration.ofMinutes(2)).stream()
                    .map(r -> alerts.deserialize(AppUnderTest.ALERTS, r.value())).toList();
            assertThat(events).isNotEmpty().allSatisfy(a -> {
                assertThat(a.getSegment()).containsEntry("model", PirateTraffic.DRIFTING);
                assertThat(a.getConcept()).isEqualTo(AppUnderTest.CONCEPT);
            });
            assertThat(events.get(0).getState()).isEqualTo(AlertState.OPEN);
            assertThat(app.read(AppUnderTest.DEAD_LETTERS, r -> !r.isEmpty(), Duration.ofMinutes(1))).hasSize(1);
        }
    }
}
