package io.tidewatch.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Overrides;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.embed.Embedder;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.TopicDrain;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.replay.TurnFiles;
import io.tidewatch.replay.TurnFormat;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The app as it runs live, on the embedded broker: started first, then fed a JSON Lines file on
 * its input topic as fast as a producer writes it, with the settings {@code ReplayCommandIT}
 * replays the same file with (three partitions, two stream threads). The input ends with the
 * end-of-input marker so that the last buckets close.
 */
final class LiveRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STALL_LIMIT = Duration.ofMinutes(5);

    private LiveRun() {
    }

    static List<JsonNode> alerts(final Path input, final Path stateDir) throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final AppConfig config = Overrides.apply(AppConfig.defaults()
                    .with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), "test")
                    .with(Setting.SCHEMA_REGISTRY_URL, "mock://live-run", "test")
                    .with(Setting.APPLICATION_ID, "tidewatch-live-run", "test")
                    .with(Setting.STATE_DIR, stateDir.toString(), "test")
                    .with(Setting.TOPIC_PARTITIONS, "3", "test")
                    .with(Setting.METRICS_PORT, "0", "test")
                    .with(Setting.EMBEDDING_MODEL, "hashing", "test")
                    .with(Setting.GRACE, "2m", "test")
                    .with(Setting.REFERENCE_DURATION, "20m", "test"), List.of("num.stream.threads=2"));
            final Properties clients = TidewatchApp.streamsConfig(config);
            final AvroSerdes serdes = TidewatchApp.avroSerdes(config);
            final String turns = config.string(Setting.TOPIC_TURNS);
            try (Embedder embedder = TidewatchApp.embedder(config);
                 TidewatchApp app = TidewatchApp.start(config, embedder)) {
                final long sent = produce(clients, serdes.forType(ConversationTurn.class), turns, input);
                final AvroWireSerde<SegmentStats> stats = serdes.forType(SegmentStats.class);
                final String statsTopic = config.string(Setting.TOPIC_STATS);
                final long deadline = System.nanoTime() + STALL_LIMIT.toNanos();
                while (TopicDrain.readAll(clients, statsTopic).stream()
                        .mapToLong(r -> stats.deserialize(statsTopic, r.value()).getCount()).sum() < sent) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("the live run did not close buckets for all " + sent + " turns");
                    }
                    Thread.sleep(500);
                }
            }
            final String alertsTopic = config.string(Setting.TOPIC_ALERTS);
            final AvroWireSerde<DriftAlert> alerts = serdes.forType(DriftAlert.class);
            final List<JsonNode> events = new ArrayList<>();
            for (final var record : TopicDrain.readAll(clients, alertsTopic)) {
                events.add(JSON.readTree(RecordJson.line(alerts.deserialize(alertsTopic, record.value()))));
            }
            return events;
        }
    }

    private static long produce(final Properties clients, final AvroWireSerde<ConversationTurn> serde, final String topic,
                                final Path input) {
        final AtomicLong sent = new AtomicLong();
        final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
        try (TurnWriter writer = new TurnWriter(clients, topic)) {
            TurnFiles.read(input, TurnFormat.JSONL, turn -> {
                writer.send(turn.getConversationId(), turn.getTimestamp().toEpochMilli(), serde.serialize(topic, turn));
                sent.incrementAndGet();
                last.accumulateAndGet(turn.getTimestamp().toEpochMilli(), Math::max);
            }, rejected -> { });
            writer.markEndOfInput(last.get());
        }
        return sent.get();
    }
}
