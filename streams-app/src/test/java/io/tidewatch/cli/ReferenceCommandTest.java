package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.avro.ReferencePin;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ReferenceCommandTest {

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();

    private int run(final String... args) {
        final CommandLine cli = TidewatchCommand.commandLine();
        cli.setErr(new PrintWriter(err, true));
        cli.setOut(new PrintWriter(new StringWriter(), true));
        return cli.execute(args);
    }

    /** Runs the command line, expects it to refuse with exit code 2, and returns what it said. */
    private String refused(final String... args) {
        assertThat(run(args)).isEqualTo(2);
        return err.toString();
    }

    private String[] pin(final String segment, final String from, final String to) throws IOException {
        return new String[] {"reference", "pin", "--config", config("model"), "--segment", segment, "--from", from, "--to", to};
    }

    private String config(final String labels) throws IOException {
        final Path file = dir.resolve("tidewatch.properties");
        Files.writeString(file, "bootstrap.servers=localhost:1\nschema.registry.url=mock://cli-test\ntidewatch.segment.labels=" + labels + "\n");
        return file.toString();
    }

    @Test
    void buildsTheControlRecordFromTheFlags() {
        final ReferenceCommand.Pin pin = new ReferenceCommand.Pin();
        final CommandLine cli = new CommandLine(pin);
        cli.parseArgs("--config", "unused", "--segment", "tenant=acme,model=assistant-v2", "--from", "2026-03-01",
                "--to", "2026-03-01T12:00:00+02:00", "--reason", "accepted", "--requested-by", "ops");
        final ReferencePin record = pin.request(List.of("model", "tenant"), Instant.parse("2026-03-05T00:00:00Z"));
        assertThat(record.getSegmentKey()).isEqualTo("model=assistant-v2,tenant=acme");
        assertThat(record.getSegment()).isEqualTo(Map.of("model", "assistant-v2", "tenant", "acme"));
        assertThat(record.getFrom()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
        assertThat(record.getTo()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
        assertThat(record.getRequestedBy()).isEqualTo("ops");
        assertThat(record.getReason()).isEqualTo("accepted");
        assertThat(record.getRequestedAt()).isEqualTo(Instant.parse("2026-03-05T00:00:00Z"));
    }

    @Test
    void aSegmentThatIsNotLabelValuePairsIsRejectedWithAnExample() throws IOException {
        assertThat(refused(pin("assistant-v2", "2026-03-01", "2026-03-02")))
                .contains("--segment").contains("'assistant-v2' is not LABEL=VALUE").contains("e.g. model=assistant-v2");
    }

    @Test
    void aSegmentMustNameExactlyTheConfiguredLabels() throws IOException {
        assertThat(refused(pin("model=a,tenant=b", "2026-03-01", "2026-03-02")))
                .contains("tidewatch: --segment model=a,tenant=b must name exactly the segment labels [model]");
    }

    @Test
    void timesThatDoNotParseAreRejectedWithTheAcceptedForms() throws IOException {
        assertThat(refused(pin("model=a", "yesterday", "2026-03-02")))
                .contains("--from").contains("'yesterday' is not a time").contains("2026-03-01T00:00:00Z");
    }

    @Test
    void thePeriodMustEndAfterItStarts() throws IOException {
        assertThat(refused(pin("model=a", "2026-03-02", "2026-03-01")))
                .contains("tidewatch: --from 2026-03-02T00:00:00Z must be before --to 2026-03-01T00:00:00Z");
    }

    @Test
    void theEndOfThePeriodIsRequired() throws IOException {
        assertThat(refused("reference", "pin", "--config", config("model"), "--segment", "model=a", "--from", "2026-03-01"))
                .contains("Missing required option").contains("--to");
    }

    @Test
    void runRejectsABudgetOrDurationThatDoesNotParseBeforeStartingAnything() throws IOException {
        assertThat(refused("run", "--config", config("model"), "--false-alarm-budget", "1/30y"))
                .contains("--false-alarm-budget").contains("'1/30y'").contains("e.g. 1/30d");
        assertThat(refused("run", "--config", config("model"), "--reference-duration", "forever"))
                .contains("--reference-duration").contains("'forever' is not a duration");
    }

    @Test
    void theFlagsOverrideTheirSettings() {
        final DetectionOptions options = new DetectionOptions();
        new CommandLine(options).parseArgs("--reference-duration", "6h", "--false-alarm-budget", "2/7d");
        final AppConfig config = options.applyTo(AppConfig.defaults());
        assertThat(config.string(Setting.REFERENCE_DURATION)).isEqualTo("6h");
        assertThat(config.string(Setting.FALSE_ALARM_BUDGET)).isEqualTo("2/7d");
        assertThat(new DetectionOptions().applyTo(AppConfig.defaults()).string(Setting.REFERENCE_DURATION)).isEqualTo("24h");
    }
}
