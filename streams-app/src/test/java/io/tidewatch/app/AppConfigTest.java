package io.tidewatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.topology.LabelRule;
import io.tidewatch.topology.ScoringSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AppConfigTest {

    @TempDir
    Path dir;

    private Path file(final String... lines) throws IOException {
        return Files.write(dir.resolve("tidewatch.properties"), List.of(lines));
    }

    @Test
    void fileOverridesDefaultsAndUnknownKafkaKeysPassThrough() throws IOException {
        final AppConfig config = AppConfig.fromFile(file(
                "# a comment", "", "bootstrap.servers = broker:9092", "tidewatch.bucket=5m", "security.protocol=SASL_SSL"));
        assertThat(config.string(Setting.BOOTSTRAP_SERVERS)).isEqualTo("broker:9092");
        assertThat(config.duration(Setting.BUCKET)).isEqualTo(Duration.ofMinutes(5));
        assertThat(config.duration(Setting.REFERENCE_DURATION)).isEqualTo(Duration.ofHours(24));
        assertThat(config.kafkaProperties()).containsEntry("security.protocol", "SASL_SSL").doesNotContainKey("tidewatch.bucket");
    }

    @Test
    void theKafkaStreamsDefaultsTidewatchChangesGiveWayToTheOperators() {
        final AppConfig defaults = AppConfig.defaults().with(Setting.BOOTSTRAP_SERVERS, "broker:9092", "test");
        assertThat(TidewatchApp.streamsConfig(defaults))
                .containsEntry("processing.guarantee", "exactly_once_v2")
                .containsEntry("commit.interval.ms", "1000")
                .containsEntry("max.task.idle.ms", "-1")
                .containsEntry("producer.batch.size", "262144");
        final AppConfig operator = defaults.with("commit.interval.ms", "200", "--set").with("max.task.idle.ms", "0", "--set")
                .with("producer.batch.size", "16384", "--set");
        assertThat(TidewatchApp.streamsConfig(operator))
                .containsEntry("commit.interval.ms", "200")
                .containsEntry("max.task.idle.ms", "0")
                .containsEntry("producer.batch.size", "16384");
    }

    @Test
    void aLineWithoutEqualsNamesFileAndLine() throws IOException {
        final Path f = file("bootstrap.servers=b:9092", "tidewatch.bucket 5m");
        assertThatThrownBy(() -> AppConfig.fromFile(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":2").hasMessageContaining("expected key=value");
    }

    @Test
    void aMisspelledTidewatchKeyIsRejectedWithItsLine() throws IOException {
        final Path f = file("tidewatch.buckett=5m");
        assertThatThrownBy(() -> AppConfig.fromFile(f)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":1").hasMessageContaining("unknown setting 'tidewatch.buckett'");
    }

    @Test
    void aBadValueNamesItsOriginKeyAndWhatWasExpected() throws IOException {
        final Path f = file("tidewatch.bucket=soon", "tidewatch.batch.size=many");
        final AppConfig config = AppConfig.fromFile(f);
        assertThatThrownBy(() -> config.duration(Setting.BUCKET)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(f + ":1").hasMessageContaining("tidewatch.bucket = 'soon'").hasMessageContaining("duration");
        assertThatThrownBy(() -> config.integer(Setting.BATCH_SIZE)).hasMessageContaining(f + ":2").hasMessageContaining("integer");
    }

    @Test
    void aMissingFileAndAMissingRequiredSettingAreClearErrors() {
        assertThatThrownBy(() -> AppConfig.fromFile(dir.resolve("nope.properties")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not exist");
        assertThatThrownBy(() -> AppConfig.defaults().require(Setting.BOOTSTRAP_SERVERS))
                .isInstanceOf(ConfigException.class).hasMessageContaining("bootstrap.servers is required");
    }

    @Test
    void environmentVariablesOverrideTheFileAndReachKafka() throws IOException {
        final AppConfig config = AppConfig.fromFile(file("tidewatch.bucket=5m", "bootstrap.servers=file:9092"))
                .withEnvironment(Map.of("TIDEWATCH_BUCKET", "2m", "TIDEWATCH_KAFKA_SASL_MECHANISM", "PLAIN",
                        "TIDEWATCH_JAVA_OPTS", "-Xmx1g", "PATH", "/usr/bin"));
        assertThat(config.duration(Setting.BUCKET)).isEqualTo(Duration.ofMinutes(2));
        assertThat(config.string(Setting.BOOTSTRAP_SERVERS)).isEqualTo("file:9092");
        assertThat(config.kafkaProperties()).containsEntry("sasl.mechanism", "PLAIN").hasSize(1);
        assertThat(Setting.BOOTSTRAP_SERVERS.environmentVariable()).isEqualTo("TIDEWATCH_BOOTSTRAP_SERVERS");
        assertThat(Setting.TOPIC_TURNS.environmentVariable()).isEqualTo("TIDEWATCH_TOPIC_TURNS");
    }

    @Test
    void aMisspelledVariableOrBadValueNamesTheVariable() {
        assertThatThrownBy(() -> AppConfig.defaults().withEnvironment(Map.of("TIDEWATCH_BUKET", "5m")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("environment variable TIDEWATCH_BUKET is not a tidewatch setting");
        final AppConfig config = AppConfig.defaults().withEnvironment(Map.of("TIDEWATCH_GRACE", "a while"));
        assertThatThrownBy(() -> config.duration(Setting.GRACE)).hasMessageContaining("environment variable TIDEWATCH_GRACE")
                .hasMessageContaining("tidewatch.grace = 'a while'");
    }

    @Test
    void everySettingHasAUsableDefault() {
        final AppConfig defaults = AppConfig.defaults();
        assertThat(defaults.duration(Setting.BUCKET)).isEqualTo(Duration.ofMinutes(1));
        assertThat(TidewatchApp.scoring(defaults).batchSize()).isEqualTo(32);
        // One false alarm in 30 days of 1-minute buckets (43 200), shared by 10 segments × (1 concept + the unexplained-shift detector).
        assertThat(TidewatchApp.detection(defaults, 1).arl0Buckets()).isEqualTo(864_000.0);
        assertThat(TidewatchApp.topics(defaults).turns()).isEqualTo("chat.turns");
    }

    @Test
    void invalidScoringSettingsAreAConfigError() {
        final AppConfig config = AppConfig.defaults().with(Setting.EXCERPT_CHARS, "5000", "--set");
        assertThatThrownBy(() -> TidewatchApp.scoring(config)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("excerpt length must be within 0..280");
        for (final String[] bad : new String[][] {{"tenant=acme", "is not label=value:setting (for example tenant=acme:0)"},
                {"tenant:0", "is not label=value:setting"}, {"=acme:0", "is not label=value:setting"},
                {"tenant=acme:many", "'tenant=acme:many': the excerpt length is not a whole number"},
                {"tenant=acme:300", "'tenant=acme:300': excerpt length must be within 0..280"}}) {
            assertThatThrownBy(() -> TidewatchApp.scoring(AppConfig.defaults().with(Setting.EXCERPT_CHARS_BY, bad[0], "--set")))
                    .as(bad[0]).isInstanceOf(ConfigException.class).hasMessageContaining(bad[1]);
        }
    }

    @Test
    void excerptRulesParseInOrderAndBlankMeansNone() {
        assertThat(TidewatchApp.scoring(AppConfig.defaults()).excerptRules()).isEmpty();
        assertThat(TidewatchApp.scoring(AppConfig.defaults().with(Setting.EXCERPT_CHARS_BY, " tenant=acme:0, model=gpt-x:a:120 ,", "--set"))
                .excerptRules()).containsExactly(new LabelRule<>("tenant", "acme", 0), new LabelRule<>("model", "gpt-x:a", 120));
    }

    @Test
    void sampleRatesParseAndOutOfRangeRatesAreRefused() {
        final ScoringSettings defaults = TidewatchApp.scoring(AppConfig.defaults());
        assertThat(defaults.sampleRate()).isEqualTo(1.0);
        assertThat(defaults.sampleRules()).isEmpty();
        final ScoringSettings set = TidewatchApp.scoring(AppConfig.defaults().with(Setting.SAMPLE_RATE, "0.1", "--set")
                .with(Setting.SAMPLE_RATE_BY, "tenant=acme:0.01,tenant=loadtest:0", "--set"));
        assertThat(set.sampleRate()).isEqualTo(0.1);
        assertThat(set.sampleRules()).containsExactly(new LabelRule<>("tenant", "acme", 0.01), new LabelRule<>("tenant", "loadtest", 0.0));
        assertThatThrownBy(() -> TidewatchApp.scoring(AppConfig.defaults().with(Setting.SAMPLE_RATE, "1.5", "--set")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sample rate must be within 0..1, got 1.5");
        for (final String[] bad : new String[][] {{"tenant=acme:-0.1", "'tenant=acme:-0.1': sample rate must be within 0..1"},
                {"tenant=acme:half", "'tenant=acme:half': the sample rate is not a number"}, {"tenant=acme", "(for example tenant=acme:0.1)"}}) {
            assertThatThrownBy(() -> TidewatchApp.scoring(AppConfig.defaults().with(Setting.SAMPLE_RATE_BY, bad[0], "--set")))
                    .as(bad[0]).isInstanceOf(ConfigException.class).hasMessageContaining(bad[1]);
        }
    }
}
