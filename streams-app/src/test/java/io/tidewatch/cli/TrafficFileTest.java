package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.demo.TopicCorpus;
import io.tidewatch.replay.RejectedLine;
import io.tidewatch.replay.TurnFiles;
import io.tidewatch.replay.TurnFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidewatch traffic --out}: the demo's traffic as a file the replay reads back whole. */
class TrafficFileTest {

    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @Test
    void theFileHoldsRateTimesDurationTurnsInTheTurnFormatWithTheDriftInIt() throws Exception {
        final Path file = dir.resolve("demo.jsonl");
        assertThat(cli.run("traffic", "--out", file.toString(), "--rate", "2", "--duration", "50m", "--drift-after", "20m")).isZero();
        assertThat(cli.out()).contains("wrote 6000 turns to " + file);

        final List<ConversationTurn> turns = new ArrayList<>();
        final List<RejectedLine> rejected = new ArrayList<>();
        TurnFiles.read(file, TurnFormat.JSONL, turns::add, rejected::add);
        assertThat(rejected).isEmpty();
        assertThat(turns).hasSize(6000);
        assertThat(turns.get(0).getTimestamp()).isEqualTo(TrafficCommand.FILE_START);
        assertThat(turns).extracting(ConversationTurn::getModel).containsOnly(DemoTraffic.STEADY_MODEL, DemoTraffic.DRIFTING_MODEL);
        assertThat(turns.get(turns.size() - 1).getTimestamp()).isBefore(Instant.parse("2026-05-01T00:50:00Z"));
        // The same flags give the same file.
        final Path again = dir.resolve("again.jsonl");
        assertThat(cli.run("traffic", "--out", again.toString(), "--rate", "2", "--duration", "50m", "--drift-after", "20m")).isZero();
        assertThat(Files.readAllLines(again)).isEqualTo(Files.readAllLines(file));
    }

    @Test
    void aFileWithoutADurationOrInAMissingFolderIsAClearError() {
        assertThat(cli.run("traffic", "--out", dir.resolve("x.jsonl").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("--out needs --duration");
        assertThat(cli.run("traffic", "--out", dir.resolve("no/such/folder/x.jsonl").toString(), "--duration", "1m")).isEqualTo(2);
        assertThat(cli.err()).contains("cannot write", "no/such/folder/x.jsonl");
    }

    @Test
    void theRealisticProfileWritesTheSimulatorsPromptsAndRepliesWithTheSurgeInIt() throws Exception {
        final Path file = dir.resolve("week.jsonl");
        final String[] flags = {"traffic", "--out", file.toString(), "--profile", "realistic", "--rate", "0.1", "--duration", "2d",
            "--drift-after", "3d", "--surge-after", "1d"};
        assertThat(cli.run(flags)).isZero();

        final List<ConversationTurn> turns = new ArrayList<>();
        final List<RejectedLine> rejected = new ArrayList<>();
        TurnFiles.read(file, TurnFormat.JSONL, turns::add, rejected::add);
        assertThat(rejected).isEmpty();
        // 0.1 turns a second on average over a week; 2 days from a Friday hold a weekday and a Saturday.
        assertThat(turns).hasSizeBetween(12_000, 22_000);
        assertThat(turns).allSatisfy(t -> assertThat(t.getPrompt()).isNotBlank());
        final List<String> surgeReplies = TopicCorpus.load(TopicCorpus.AI_TOPIC).replies();
        final List<ConversationTurn> surging = turns.stream().filter(t -> surgeReplies.contains(t.getResponse())).toList();
        assertThat(surging).isNotEmpty().allSatisfy(t -> {
            assertThat(t.getModel()).isEqualTo(DemoTraffic.STEADY_MODEL);
            assertThat(t.getTimestamp()).isAfterOrEqualTo(Instant.parse("2026-05-02T00:00:00Z"));
        });
        assertThat(turns.stream().map(ConversationTurn::getResponse).filter(TopicCorpus.load(TopicCorpus.DRIFT).replies()::contains)).isEmpty();
        assertThat(cli.run(flags)).isZero();
        assertThat(Files.readAllLines(file)).hasSize(turns.size());
    }

    @Test
    void theRealisticProfileOnlyWritesFiles() {
        assertThat(cli.run("traffic", "--profile", "realistic")).isEqualTo(2);
        assertThat(cli.err()).contains("give --out FILE.jsonl");
        assertThat(cli.run("traffic", "--out", dir.resolve("x.jsonl").toString(), "--duration", "1m", "--profile", "busy")).isEqualTo(2);
        assertThat(cli.err()).contains("--profile must be demo or realistic");
    }
}
