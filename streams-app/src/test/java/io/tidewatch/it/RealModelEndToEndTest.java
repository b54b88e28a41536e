package io.tidewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.cli.AppConfig;
import io.tidewatch.cli.Setting;
import io.tidewatch.cli.TidewatchApp;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.embed.MiniLmEmbedder;
import io.tidewatch.embedded.EmbeddedKafka;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.topology.TurnWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path for real: an in-JVM KRaft broker, the real all-MiniLM-L6-v2 model and the
 * default concept catalog. One model starts mixing in advocacy replies; the alert must open
 * there and nowhere else, and bad records must not stop the app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealModelEndToEndTest {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int MINUTES = 40;
    private static final int DRIFT_FROM_MINUTE = 25;
    private static final int TURNS_PER_MINUTE = 20;
    private static final String STEADY = "steady-model";
    private static final String DRIFTING = "drifting-model";

    private EmbeddedKafka kafka;
    private MiniLmEmbedder embedder;
    private TidewatchApp app;
    private AppConfig config;

    @BeforeAll
    void startEverything() {
        kafka = EmbeddedKafka.start();
        config = AppConfig.defaults()
                .with(Setting.APPLICATION_ID, "e2e-" + UUID.randomUUID(), "test")
                .with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), "test")
                .with(Setting.SCHEMA_REGISTRY_URL, "mock://e2e-" + UUID.randomUUID(), "test")
                .with(Setting.TOPIC_PARTITIONS, "2", "test")
                .with(Setting.REFERENCE_DURATION, "20m", "test")
                .with(Setting.GRACE, "2m", "test")
                .with(Setting.METRICS_PORT, "0", "test");
        embedder = MiniLmEmbedder.fromClasspath(2);
        app = TidewatchApp.start(config, embedder);
    }

    @AfterAll
    void stopEverything() {
        app.close();
        embedder.close();
        kafka.close();
    }

    @Test
    void advocacyMixedIntoOneModelOpensAnAlertThereOnlyAndBadRecordsDoNotStopTheApp() {
        produceTraffic();
        final AvroSerdes serdes = TidewatchApp.avroSerdes(config);
        final AvroWireSerde<SegmentStats> statsSerde = serdes.forType(SegmentStats.class);
        final AvroWireSerde<DriftAlert> alertSerde = serdes.forType(DriftAlert.class);
        // The last buckets stay open: they close only once event time passes their end by the 2-minute grace.
        final Instant judgedUntil = T0.plus(Duration.ofMinutes(MINUTES - 3));

        try (TopicReader stats = new TopicReader(kafka.bootstrapServers(), config.string(Setting.TOPIC_STATS));
             TopicReader alerts = new TopicReader(kafka.bootstrapServers(), config.string(Setting.TOPIC_ALERTS));
             TopicReader deadLetters = new TopicReader(kafka.bootstrapServers(), config.string(Setting.TOPIC_DEAD_LETTERS))) {
            // Both segments must have been judged well past the drift before we look at the alerts.
            stats.readUntil(records -> List.of(STEADY, DRIFTING).stream().allMatch(model -> records.stream()
                            .map(r -> statsSerde.deserialize("stats", r.value()))
                            .anyMatch(s -> s.getSegment().get("model").equals(model) && !s.getWindowEnd().isBefore(judgedUntil))),
                    Duration.ofMinutes(5), "buckets of both models up to " + judgedUntil);
            final List<DriftAlert> events = alerts.readToEnd(Duration.ofMinutes(1)).stream()
                    .map(r -> alertSerde.deserialize("alerts", r.value())).toList();

            // Nothing on the steady model. On the drifting one advocacy opens first; concepts that overlap
            // it (`concepts check` reports sycophancy's overlap) may open after it, as in the demo.
            assertThat(events).as("alert events").isNotEmpty()
                    .allSatisfy(alert -> assertThat(alert.getSegment()).isEqualTo(Map.of("model", DRIFTING)));
            final DriftAlert open = events.get(0);
            assertThat(open.getConcept()).isEqualTo("model-rights-advocacy");
            assertThat(open.getState()).isEqualTo(AlertState.OPEN);
            assertThat(open.getEventTime()).isAfter(T0.plus(Duration.ofMinutes(DRIFT_FROM_MINUTE)));
            assertThat(open.getExemplars()).isNotEmpty()
                    .allSatisfy(e -> assertThat(DemoTraffic.corpus("advocacy-replies.txt")).anyMatch(r -> r.startsWith(e.getExcerpt())));

            final List<ConsumerRecord<byte[], byte[]>> dead = deadLetters.readUntil(r -> r.size() >= 2, Duration.ofMinutes(1), "two dead letters");
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader("tidewatch.dlq.reason").value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("undecodable", "missing-response");
        }
    }

    /** Forty minutes of event time for two models; from minute 25 the drifting one mixes in 40% advocacy replies. */
    private void produceTraffic() {
        final List<String> ordinary = DemoTraffic.corpus("ordinary-replies.txt");
        final List<String> advocacy = DemoTraffic.corpus("advocacy-replies.txt");
        final SplittableRandom random = new SplittableRandom(11);
        final String topic = config.string(Setting.TOPIC_TURNS);
        final AvroWireSerde<ConversationTurn> serde = TidewatchApp.avroSerdes(config).forType(ConversationTurn.class);
        final Properties producerConfig = new Properties();
        producerConfig.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (TurnWriter writer = new TurnWriter(producerConfig, topic)) {
            writer.send("junk", T0.toEpochMilli(), "definitely not avro".getBytes(StandardCharsets.UTF_8));
            send(writer, topic, serde, turn(STEADY, "empty", T0, ""));
            for (int i = 0; i < MINUTES * TURNS_PER_MINUTE; i++) {
                final Instant at = T0.plusMillis(i * 60_000L / TURNS_PER_MINUTE);
                final boolean drifting = !at.isBefore(T0.plus(Duration.ofMinutes(DRIFT_FROM_MINUTE))) && random.nextDouble() < 0.4;
                send(writer, topic, serde, turn(STEADY, "s-" + i, at, ordinary.get(random.nextInt(ordinary.size()))));
                send(writer, topic, serde, turn(DRIFTING, "d-" + i, at,
                        (drifting ? advocacy : ordinary).get(random.nextInt(drifting ? advocacy.size() : ordinary.size()))));
            }
        }
    }

    private static ConversationTurn turn(final String model, final String id, final Instant at, final String response) {
        return ConversationTurn.newBuilder().setConversationId(id).setTurn(0).setTimestamp(at).setModel(model)
                .setResponse(response).setAttributes(Map.of()).build();
    }

    private static void send(final TurnWriter writer, final String topic, final AvroWireSerde<ConversationTurn> serde,
                             final ConversationTurn turn) {
        writer.send(turn.getConversationId(), turn.getTimestamp().toEpochMilli(), serde.serialize(topic, turn));
    }
}
