package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.demo.DemoTraffic;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code tidewatch replay} end to end on the embedded broker, with the demo's traffic (two models,
 * assistant-v2 drifting after 25 minutes) as a JSON Lines file and the trivial hashing embedder,
 * which tells the demo's advocacy replies from its ordinary ones.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReplayCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TURNS = 2 * 30 * 80;

    @TempDir
    Path dir;
    private Path input;

    @BeforeAll
    void writeInput() throws IOException {
        final Path folder = Files.createTempDirectory("replay-input");
        final DemoTraffic traffic = new DemoTraffic(DemoTraffic.Plan.defaults(Instant.parse("2026-05-01T00:00:00Z")));
        final List<String> lines = new ArrayList<>();
        LongStream.range(0, TURNS).mapToObj(traffic::turn).map(ReplayCommandIT::jsonLine).forEach(lines::add);
        lines.add(5, "{\"this line\": \"is not a turn\"}");
        input = Files.write(folder.resolve("demo.jsonl"), lines);
    }

    private static String jsonLine(final ConversationTurn turn) {
        return JSON.createObjectNode().put("conversation_id", turn.getConversationId()).put("turn", turn.getTurn())
                .put("timestamp", turn.getTimestamp().toString()).put("model", turn.getModel())
                .put("response", turn.getResponse()).toString();
    }

    /** Alert events and closed buckets of one run, as JSON lines. */
    private record Run(List<JsonNode> alerts, List<JsonNode> buckets) {
    }

    private List<JsonNode> replay(final String name, final String... extra) throws IOException {
        return run(name, extra).alerts();
    }

    private Run run(final String name, final String... extra) throws IOException {
        final Path alerts = dir.resolve(name + "-alerts.jsonl");
        final Path stats = dir.resolve(name + "-stats.jsonl");
        final List<String> args = new ArrayList<>(List.of("replay", "--input", input.toString(), "--alerts-out", alerts.toString(),
                "--stats-out", stats.toString(), "--reference-duration", "20m",
                "--set", "tidewatch.embedding.model=hashing", "--set", "tidewatch.grace=2m"));
        args.addAll(List.of(extra));
        final StringWriter out = new StringWriter();
        final CommandLine cli = TidewatchCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        assertThat(cli.execute(args.toArray(String[]::new))).as(out.toString()).isZero();
        assertThat(out.toString()).contains("read " + TURNS + " turns, rejected 1 input lines", ":6: ", "false-alarm check: ");
        final List<JsonNode> buckets = read(stats);
        // Every turn is in a closed bucket: the end-of-input marker closes the last ones.
        assertThat(buckets.stream().mapToLong(b -> b.get("count").asLong()).sum()).isEqualTo(TURNS);
        return new Run(read(alerts), buckets);
    }

    private static List<JsonNode> read(final Path file) throws IOException {
        final List<JsonNode> nodes = new ArrayList<>();
        for (final String line : Files.readAllLines(file)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    @Test
    void aReplayFindsTheDriftInTheDriftingModelOnlyAndWritesAReport() throws IOException {
        final Path report = dir.resolve("report.html");
        final List<JsonNode> alerts = replay("one", "--report", report.toString());
        assertThat(alerts).isNotEmpty();
        assertThat(alerts).filteredOn(a -> a.get("concept").asText().equals("model-rights-advocacy"))
                .isNotEmpty().allSatisfy(a -> assertThat(a.get("segment").get("model").asText()).isEqualTo(DemoTraffic.DRIFTING_MODEL));
        assertThat(alerts).noneSatisfy(a -> assertThat(a.get("segment").get("model").asText()).isEqualTo(DemoTraffic.STEADY_MODEL));
        final JsonNode open = alerts.stream().filter(a -> a.get("state").asText().equals("OPEN")).findFirst().orElseThrow();
        assertThat(Instant.parse(open.get("event_time").asText())).isAfter(Instant.parse("2026-05-01T00:25:00Z"));
        assertThat(Files.readString(report)).contains("<svg", "assistant-v2");
    }

    @Test
    void severalPartitionsAndThreadsAndALiveRunOnTheTopicGiveTheSameAlertEventsIdsTimesAndValues() throws Exception {
        final Run one = run("one-partition");
        assertThat(one.alerts()).isNotEmpty();
        final Run three = run("three-partitions", "--partitions", "3", "--set", "num.stream.threads=2");
        // Alerts of different streams may interleave differently across partitions; each event is the same.
        assertThat(three.alerts()).containsExactlyInAnyOrderElementsOf(one.alerts());
        assertThat(three.buckets()).containsExactlyInAnyOrderElementsOf(one.buckets());
        assertThat(LiveRun.alerts(input, dir.resolve("live-state"))).containsExactlyInAnyOrderElementsOf(one.alerts());
    }

    @Test
    void turnsTheBrokerRefusesFailTheReplayAtOnceNamingThemInsteadOfWaitingForThem() {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine cli = TidewatchCommand.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        // No demo turn fits in a 300-byte request.
        final int exit = cli.execute("replay", "--input", input.toString(), "--set", "tidewatch.embedding.model=hashing",
                "--set", "max.request.size=300");
        assertThat(exit).as(out + "\n" + err).isNotZero();
        assertThat(err.toString()).containsPattern("\\d+ of \\d+ records could not be written to tidewatch-replay-\\w+\\.chat\\.turns")
                .contains("RecordTooLargeException");
        assertThat(out.toString()).doesNotContain("replay finished");
    }
}
