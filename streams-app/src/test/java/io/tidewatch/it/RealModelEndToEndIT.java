package io.tidewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.concept.ConceptCatalogFile;
import io.tidewatch.concept.ConceptCheck;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.embed.MiniLmEmbedder;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.metrics.Scrape;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.testkit.TestApps;
import io.tidewatch.testkit.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The whole path for real: an in-JVM KRaft broker, the real all-MiniLM-L6-v2 model and the
 * default concept catalog. One model starts mixing in advocacy replies; the alert must open
 * there and nowhere else, on advocacy first, and bad records must not stop the app.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealModelEndToEndIT {

    private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");
    private static final int MINUTES = 40;
    private static final int DRIFT_FROM_MINUTE = 25;
    private static final int TURNS_PER_MINUTE = 20;
    private static final String STEADY = "steady-model";
    private static final String DRIFTING = "drifting-model";
    private static final String ADVOCACY = "model-rights-advocacy";

    private EmbeddedKafka kafka;
    private MiniLmEmbedder embedder;
    private TidewatchApp app;
    private AppConfig config;

    @BeforeAll
    void startEverything() {
        kafka = EmbeddedKafka.start();
        config = TestApps.config("e2e", kafka.bootstrapServers())
                .with(Setting.TOPIC_PARTITIONS, "2", "test")
                .with(Setting.REFERENCE_DURATION, "20m", "test")
                .with(Setting.GRACE, "2m", "test");
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
                    .map(r -> alertSerde.deserialize("alerts", r.value()))
                    .sorted(Comparator.comparing(DriftAlert::getEventTime)).toList();

            // Nothing on the steady model.
            assertThat(events).as("alert events").isNotEmpty()
                    .allSatisfy(alert -> assertThat(alert.getSegment()).isEqualTo(Map.of("model", DRIFTING)));
            // On the drifting one, advocacy opens, and no other episode opens before it in event time.
            final List<DriftAlert> opens = events.stream().filter(e -> e.getState() == AlertState.OPEN).toList();
            final DriftAlert advocacy = opens.stream().filter(e -> ADVOCACY.equals(e.getConcept())).findFirst()
                    .orElseThrow(() -> new AssertionError("no advocacy episode opened, of " + opens));
            assertThat(opens).filteredOn(e -> e.getEventTime().isBefore(advocacy.getEventTime())).as("episodes opened before advocacy's").isEmpty();
            assertThat(advocacy.getEventTime()).isAfter(T0.plus(Duration.ofMinutes(DRIFT_FROM_MINUTE)));
            assertThat(advocacy.getExemplars()).isNotEmpty()
                    .allSatisfy(e -> {
                        // Each excerpt is centred on the sentence that scored, cut from one advocacy reply ("…" marks a cut).
                        assertThat(e.getSentence()).isNotBlank();
                        assertThat(e.getExcerpt()).contains(e.getSentence()).hasSizeLessThanOrEqualTo(280);
                        assertThat(DemoTraffic.corpus("advocacy-replies.txt")).anyMatch(r -> r.contains(uncut(e.getExcerpt())));
                    })
                    .extracting(Exemplar::getExcerpt).doesNotHaveDuplicates();
            // Besides advocacy, only what advocacy replies move too may open: the unexplained shift (the mean
            // embedding really moved) and concepts into which advocacy's examples carry a quarter of their own
            // lift or more (`concepts check`'s overlap). A concept that advocacy does not move must stay quiet.
            final Set<String> moved = movedByAdvocacy();
            assertThat(moved).as("concepts advocacy moves, of the catalog's five").hasSizeLessThan(5);
            assertThat(opens).allSatisfy(e -> assertThat(e.getConcept() == null || moved.contains(e.getConcept()))
                    .as("%s %s opened, but advocacy moves only %s", e.getDetector(), e.getConcept(), moved).isTrue());

            final List<ConsumerRecord<byte[], byte[]>> dead = deadLetters.readUntil(r -> r.size() >= 2, Duration.ofMinutes(1), "two dead letters");
            assertThat(dead).extracting(r -> new String(r.headers().lastHeader("tidewatch.dlq.reason").value(), StandardCharsets.UTF_8))
                    .containsExactlyInAnyOrder("undecodable", "missing-response");
        }

        // 1,600 replies drawn from two corpora repeat their sentences: the cache (on by default) serves the repeats, and the
        // model runs once per distinct sentence (one stream thread, so no two threads miss the same sentence at once).
        final Map<Map<String, String>, Double> cache = Scrape.values(app.metrics().registry(), "tidewatch_embedding_cache_texts_total");
        final long distinct = Stream.of("ordinary-replies.txt", "advocacy-replies.txt").flatMap(c -> DemoTraffic.corpus(c).stream())
                .flatMap(reply -> ReplyScorer.sentences(reply).stream()).distinct().count();
        assertThat(cache.get(Map.of("result", "miss"))).isPositive().isLessThanOrEqualTo(distinct);
        assertThat(cache.get(Map.of("result", "hit"))).isGreaterThan(cache.get(Map.of("result", "miss")));
    }

    /** Advocacy and the concepts its examples lift by at least a quarter of their own lift over ordinary replies. */
    private Set<String> movedByAdvocacy() {
        final ConceptCheck.Report report = ConceptCheck.run(ConceptCatalogFile.readDefault(), embedder,
                DemoTraffic.corpus("ordinary-replies.txt"), ConceptCheck.Limits.defaults());
        final Set<String> moved = new TreeSet<>(Set.of(ADVOCACY));
        report.overlaps().stream().filter(o -> o.from().equals(ADVOCACY) && o.share() >= 0.25).forEach(o -> moved.add(o.into()));
        return moved;
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

    /** An excerpt without the marks of its cuts: text that occurs in its reply as it is. */
    private static String uncut(final String excerpt) {
        return excerpt.replaceAll("^…|…$", "");
    }
}
