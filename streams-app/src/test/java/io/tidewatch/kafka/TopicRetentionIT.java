package io.tidewatch.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.testkit.Await;
import io.tidewatch.testkit.TestApps;
import io.tidewatch.topology.TidewatchTopology;
import io.tidewatch.topology.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

/**
 * Turns stamped with event times two months old, on a broker with Kafka's default retention (7
 * days by record timestamp): a topic made with the broker's defaults deletes such records as soon
 * as retention runs; the topics tidewatch creates keep every one, and tidewatch names the first
 * kind at start.
 */
class TopicRetentionIT {

    /** Kafka's defaults, but retention runs every second instead of every five minutes. */
    private static final Map<String, String> RETENTION_RUNS_OFTEN = Map.of("log.retention.check.interval.ms", "1000");
    private static final int TURNS = 1_800;
    private static final String LEGACY = "legacy.turns";

    @Test
    void oldTurnsAreAllScoredWhileATopicWithTheBrokersDefaultsLosesThem() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start(1, RETENTION_RUNS_OFTEN)) {
            final AppConfig config = TestApps.config("retention", kafka.bootstrapServers());
            final Properties clients = TidewatchApp.streamsConfig(config);
            final Topics topics = TidewatchApp.topics(config);
            try (Admin admin = Admin.create(clients)) {
                admin.createTopics(List.of(new NewTopic(LEGACY, 1, (short) 1))).all().get();
            }
            final long twoMonthsAgo = Instant.now().minus(Duration.ofDays(60)).toEpochMilli();
            try (TidewatchApp app = TidewatchApp.start(config, new HashingEmbedder(64))) {
                assertThat(KafkaTopics.retentionByRecordTime(clients, topics.all())).as("risks on the topics tidewatch created").isEmpty();
                assertThat(KafkaTopics.retentionByRecordTime(clients, List.of(LEGACY))).singleElement().asString()
                        .startsWith("topic " + LEGACY + " deletes records").contains("message.timestamp.type=LogAppendTime");

                write(config, topics.turns(), twoMonthsAgo);
                write(config, LEGACY, twoMonthsAgo);
                // Retention has run since the turns arrived: it deleted the legacy topic's records.
                Await.until(LEGACY + " emptied by retention", Duration.ofMinutes(1), () -> logStart(clients, List.of(LEGACY)),
                        starts -> starts.values().stream().allMatch(offset -> offset == TURNS));
                Await.until("every turn scored", Duration.ofMinutes(2), () -> app.metrics().turnsScored(), scored -> scored >= TURNS);

                assertThat(app.metrics().turnsScored()).isEqualTo(TURNS);
                assertThat(app.metrics().deadLettered()).isZero();
                assertThat(logStart(clients, topics.all())).as("first offsets of tidewatch's topics").isNotEmpty()
                        .allSatisfy((partition, offset) -> assertThat(offset).as("%s", partition).isZero());
                // A segment's state can outgrow Kafka's default 1 MB record (decision 0008): the detect stage's changelogs take more.
                final String appId = config.string(Setting.APPLICATION_ID);
                assertThat(maxMessageBytes(clients, List.of(appId + "-segment-state-changelog", appId + "-segment-history-changelog")))
                        .containsOnly(Integer.toString(TidewatchTopology.STATE_RECORD_BYTES));
            }
        }
    }

    /** One turn a second, stamped from {@code from} on, written through the checked writer. */
    private static void write(final AppConfig config, final String topic, final long from) {
        final AvroWireSerde<ConversationTurn> serde = TidewatchApp.avroSerdes(config).forType(ConversationTurn.class);
        final Properties producer = new Properties();
        producer.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.string(Setting.BOOTSTRAP_SERVERS));
        try (TurnWriter writer = new TurnWriter(producer, topic)) {
            for (int i = 0; i < TURNS; i++) {
                final Instant at = Instant.ofEpochMilli(from + i * 1_000L);
                final ConversationTurn turn = ConversationTurn.newBuilder().setConversationId("c-" + i).setTurn(0).setTimestamp(at)
                        .setModel("m").setResponse("a reply about the weather, number " + i).setAttributes(Map.of()).build();
                writer.send(turn.getConversationId(), at.toEpochMilli(), serde.serialize(topic, turn));
            }
        }
    }

    /** Each topic's max.message.bytes. */
    private static List<String> maxMessageBytes(final Properties clients, final List<String> topics) throws Exception {
        try (Admin admin = Admin.create(clients)) {
            final List<ConfigResource> resources = topics.stream().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
            return admin.describeConfigs(resources).all().get().values().stream()
                    .map(config -> config.get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG).value()).toList();
        }
    }

    /** The first offset still held by each partition of the topics. */
    private static Map<TopicPartition, Long> logStart(final Properties clients, final List<String> topics) {
        try (Admin admin = Admin.create(clients)) {
            final Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
            admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                    .forEach(p -> earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest())));
            final Map<TopicPartition, Long> starts = new HashMap<>();
            admin.listOffsets(earliest).all().get().forEach((partition, info) -> starts.put(partition, info.offset()));
            return starts;
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }
}
