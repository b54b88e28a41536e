package io.tidewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.topology.TidewatchTopology;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * How tidewatch's tools write input (replay, demo, traffic, benchmarks), on a real broker: topics
 * created by {@link KafkaTopics} and written at once by a {@link TurnWriter} hold every record, in
 * order; a record the broker refuses fails the writer, never silently.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TurnInputIT {

    private EmbeddedKafka kafka;

    @BeforeAll
    void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    void stopBroker() {
        kafka.close();
    }

    private Properties clients() {
        final Properties clients = new Properties();
        clients.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return clients;
    }

    /**
     * Many partitions and full batches at once make it likely that a first produce request meets
     * a partition not yet online: written with Kafka's default producer settings to a topic only awaited in
     * the metadata, this lost records in one run of three (KAFKA-15591).
     */
    @Test
    void turnsWrittenTheMomentTheirTopicIsCreatedAllArriveInOrderFollowedByAMarkerOnEveryPartition() {
        final String topic = "fresh.turns";
        final int partitions = 24;
        final int conversations = 400;
        final int turnsEach = 60;
        KafkaTopics.ensure(clients(), List.of(topic), partitions, (short) 1);
        try (TurnWriter writer = new TurnWriter(clients(), topic)) {
            for (int turn = 0; turn < turnsEach; turn++) {
                for (int c = 0; c < conversations; c++) {
                    writer.send("conversation-" + c, 1_000L * turn, text(turn).getBytes(StandardCharsets.UTF_8));
                }
            }
            writer.markEndOfInput(1_000L * turnsEach);
        }
        final Map<String, List<String>> byConversation = new HashMap<>();
        final Map<Integer, ConsumerRecord<byte[], byte[]>> lastPerPartition = new HashMap<>();
        for (final ConsumerRecord<byte[], byte[]> record : TopicDrain.readAll(clients(), topic)) {
            lastPerPartition.put(record.partition(), record);
            if (record.key() != null) {
                byConversation.computeIfAbsent(new String(record.key(), StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        final List<String> expected = new ArrayList<>();
        for (int turn = 0; turn < turnsEach; turn++) {
            expected.add(text(turn));
        }
        assertThat(byConversation).hasSize(conversations).allSatisfy((conversation, turns) -> assertThat(turns).isEqualTo(expected));
        assertThat(lastPerPartition).hasSize(partitions).allSatisfy((partition, last) ->
                assertThat(last.headers().lastHeader(TidewatchTopology.END_OF_INPUT_HEADER)).isNotNull());
    }

    /** A turn about the size of a real one. */
    private static String text(final int turn) {
        return "turn " + turn + " ".repeat(1_500);
    }

    @Test
    void aRecordTheBrokerRefusesFailsTheWriterNamingHowManyAndStopsTheNextSend() {
        final String topic = "refusing.turns";
        KafkaTopics.ensure(clients(), List.of(topic), 1, (short) 1);
        final Properties config = clients();
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, "1000");
        final TurnWriter writer = new TurnWriter(config, topic);
        writer.send("small", 0, new byte[100]);
        writer.send("large", 1, new byte[5_000]);
        assertThatThrownBy(writer::flush).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("1 of 2 records could not be written to refusing.turns")
                .hasCauseInstanceOf(RecordTooLargeException.class);
        // A long-running writer (demo, traffic) stops here instead of going on without them.
        assertThatThrownBy(() -> writer.send("after", 2, new byte[100])).hasMessageContaining("could not be written");
        assertThatThrownBy(writer::close).hasMessageContaining("1 of 2 records");
        assertThat(TopicDrain.readAll(clients(), topic)).singleElement()
                .satisfies(r -> assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("small"));
    }
}
