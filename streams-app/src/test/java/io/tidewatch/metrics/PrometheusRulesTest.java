package io.tidewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.testkit.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pipeline-health alerting rules under docker/prometheus, through promtool. */
class PrometheusRulesTest {

    private static final Path RULES_DIR = TestEnvironment.path("docker/prometheus");

    @Test
    void theRulesAreValid() throws Exception {
        assertPromtool("check", "rules", "rules.yml");
    }

    @Test
    void theRulesFireWhenTheirUnitTestsSayAndOnlyThen() throws Exception {
        assertPromtool("test", "rules", "rules.test.yml");
    }

    private static void assertPromtool(final String... arguments) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>();
        command.add(TestEnvironment.executable("promtool", ".ci/setup.d/prometheus.sh (Debian package prometheus)").toString());
        command.addAll(List.of(arguments));
        final Process process = new ProcessBuilder(command).directory(RULES_DIR.toFile()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("promtool %s in %s said:%n%s", String.join(" ", arguments), RULES_DIR, output).isZero();
    }
}
