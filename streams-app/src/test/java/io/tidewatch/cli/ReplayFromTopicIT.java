package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.testkit.TestApps;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code replay --from-topic} reads a time range of a live topic, and reports what in it is not a turn. */
class ReplayFromTopicIT {

    private static final String TOPIC = "live.turns";
    private static final int TURNS = 100;
    /** The garbage record's offset: it follows the first half of the turns. */
    private static final int GARBAGE_AT = TURNS / 2;

    @Test
    void aRecordThatIsNotATurnIsReportedWithItsPartitionAndOffsetAndTheRestIsReplayed() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final AppConfig config = TestApps.config("from-topic", kafka.bootstrapServers());
            final String registry = config.string(Setting.SCHEMA_REGISTRY_URL);
            final Properties clients = TidewatchApp.streamsConfig(config);
            try (Admin admin = Admin.create(clients)) {
                admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get();
            }
            final Instant from = Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS);
            write(config, from);

            final StringWriter out = new StringWriter();
            final CommandLine cli = TidewatchCommand.commandLine();
            cli.setOut(new PrintWriter(out, true));
            final int exit = cli.execute("replay", "--bootstrap-servers", kafka.bootstrapServers(), "--from-topic", TOPIC,
                    "--since", from.toString(), "--until", from.plus(Duration.ofHours(1)).toString(),
                    "--set", "tidewatch.embedding.model=hashing", "--set", "schema.registry.url=" + registry);

            assertThat(exit).as(out.toString()).isZero();
            assertThat(out.toString()).contains("rejected " + TOPIC + "-0:" + GARBAGE_AT + ": not a turn: ",
                    "read " + TURNS + " turns, rejected 1 records (first 20 shown above)", "1 records rejected");
        }
    }

    /** A turn every 30 s of event time from {@code from}, with bytes that are not a turn halfway. */
    private static void write(final AppConfig config, final Instant from) {
        final AvroWireSerde<ConversationTurn> serde = TidewatchApp.avroSerdes(config).forType(ConversationTurn.class);
        try (TurnWriter writer = new TurnWriter(TidewatchApp.streamsConfig(config), TOPIC)) {
            for (int i = 0; i < TURNS; i++) {
                if (i == GARBAGE_AT) {
                    writer.send("garbage", from.plusSeconds(30L * i).toEpochMilli(), "not a turn".getBytes(StandardCharsets.UTF_8));
                }
                final Instant at = from.plusSeconds(30L * i);
                final ConversationTurn turn = ConversationTurn.newBuilder().setConversationId("c-" + i).setTurn(0).setTimestamp(at)
                        .setModel("m").setResponse("a reply about gardens, number " + i).setAttributes(Map.of()).build();
                writer.send(turn.getConversationId(), at.toEpochMilli(), serde.serialize(TOPIC, turn));
            }
        }
    }
}
