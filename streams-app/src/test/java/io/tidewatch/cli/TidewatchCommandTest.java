package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TidewatchCommandTest {

    @TempDir
    Path dir;

    private final CommandLineRun cli = new CommandLineRun();

    @Test
    void helpShowsEveryCommandAndEachCommandShowsAnExample() {
        assertThat(cli.run("--help")).isZero();
        assertThat(cli.out()).contains("demo", "run");
        assertThat(cli.run("demo", "--help")).isZero();
        assertThat(cli.out()).contains("Example:", "./tidewatch demo --duration 5m --alerts-out alerts.jsonl");
        assertThat(cli.run("run", "--help")).isZero();
        assertThat(cli.out()).contains("./tidewatch run --config");
    }

    @Test
    void aMissingConfigFileIsAClearErrorWithExitCodeTwo() {
        assertThat(cli.run("run", "--config", dir.resolve("missing.properties").toString())).isEqualTo(2);
        assertThat(cli.err()).contains("tidewatch:", "missing.properties does not exist");
    }

    @Test
    void aConfigWithoutBrokerIsRejectedBeforeAnythingStarts() throws Exception {
        final Path config = Files.write(dir.resolve("c.properties"), List.of("schema.registry.url=mock://x"));
        assertThat(cli.run("run", "--config", config.toString())).isEqualTo(2);
        assertThat(cli.err()).contains("bootstrap.servers is required");
    }

    @Test
    void kafkaClientSettingsAKafkaClientRefusesAreAClearErrorWithExitCodeTwoAndNoPassword() {
        assertThat(cli.run("run", "--set", "bootstrap.servers=localhost:1", "--set", "schema.registry.url=mock://x",
                "--set", "tidewatch.embedding.model=hashing", "--set", "tidewatch.metrics.port=0",
                "--set", "security.protocol=SASL_PLAINTEXT", "--set", "sasl.mechanism=PLAIN",
                "--set", "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username=\"u\" password=\"s3cret\"")).isEqualTo(2);
        assertThat(cli.err()).contains("tidewatch: the Kafka client settings are not valid:", "JAAS config entry not terminated by semi-colon")
                .doesNotContain("s3cret", "\tat ");
        assertThat(cli.run("run", "--set", "bootstrap.servers=localhost:1", "--set", "schema.registry.url=mock://x",
                "--set", "tidewatch.embedding.model=hashing", "--set", "tidewatch.metrics.port=0",
                "--set", "security.protocol=PIGEON")).isEqualTo(2);
        assertThat(cli.err()).contains("tidewatch: the Kafka client settings are not valid:", "PIGEON");
    }

    @Test
    void theAlertmanagerBridgeNeedsAnHttpAddressAndAPositiveResend() {
        assertThat(cli.run("alertmanager", "--bootstrap-servers", "localhost:1", "--set", "schema.registry.url=mock://x")).isEqualTo(2);
        assertThat(cli.err()).contains("Missing required option: '--url=URL'");
        assertThat(cli.run("alertmanager", "--bootstrap-servers", "localhost:1", "--set", "schema.registry.url=mock://x",
                "--url", "alertmanager:9093")).isEqualTo(2);
        assertThat(cli.err()).contains("--url must be an http:// or https:// address of Alertmanager, got 'alertmanager:9093'");
        assertThat(cli.run("alertmanager", "--bootstrap-servers", "localhost:1", "--set", "schema.registry.url=mock://x",
                "--url", "http://am:9093", "--resend", "0s")).isEqualTo(2);
        assertThat(cli.err()).contains("--resend must be positive");
        assertThat(cli.run("alertmanager", "--url", "http://am:9093")).isEqualTo(2);
        assertThat(cli.err()).contains("bootstrap.servers is required");
    }

    @Test
    void aMalformedOverrideIsRejected() throws Exception {
        final Path config = Files.write(dir.resolve("c.properties"), List.of("bootstrap.servers=b:1"));
        assertThat(cli.run("run", "--config", config.toString(), "--set", "no-equals-sign")).isEqualTo(2);
        assertThat(cli.err()).contains("--set no-equals-sign: expected KEY=VALUE");
    }

    @Test
    void badFlagValuesAreUsageErrors() {
        assertThat(cli.run("demo", "--duration", "soon")).isEqualTo(2);
        assertThat(cli.err()).contains("is not a duration");
        assertThat(cli.run("demo", "--rate", "fast")).isEqualTo(2);
        assertThat(cli.run("demo", "--no-such-flag")).isEqualTo(2);
        assertThat(cli.err()).contains("Unknown option");
        // Every command that reads turn files reads --format the same way.
        for (final String[] command : List.of(new String[] {"replay", "--input", "t.jsonl"}, new String[] {"compare", "--reference", "a.jsonl",
                "--candidate", "b.jsonl"}, new String[] {"concepts", "draft", "--from-alert", "x", "--alerts", "a.jsonl", "--input", "t.jsonl",
                "--out", "d.yaml"})) {
            final List<String> args = new java.util.ArrayList<>(List.of(command));
            args.addAll(List.of("--format", "csv"));
            assertThat(cli.run(args.toArray(String[]::new))).as(String.join(" ", command)).isEqualTo(2);
        }
        assertThat(cli.err().split("unknown format 'csv'; use jsonl, openai or avro", -1)).as("one error per command").hasSize(4);
    }

    @Test
    void theProductsCommandLineHasNoBenchmarks() {
        // `tidewatch bench` comes from the benchmark module (BenchMain); the product jar does not carry it.
        assertThat(cli.run("bench", "pipeline")).isEqualTo(2);
        assertThat(cli.err()).contains("Unmatched arguments");
    }
}
