package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.testkit.TestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every relative link and anchor of README.md and docs/ resolves, as docs/check-links.sh checks them. */
class DocsLinksTest {

    @Test
    void everyLinkOfTheManualResolves() throws IOException, InterruptedException {
        final Process check = new ProcessBuilder("bash", TestEnvironment.path("docs/check-links.sh").toString())
                .directory(TestEnvironment.path("").toFile()).redirectErrorStream(true).start();
        final String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(check.waitFor()).as(output).isZero();
        assertThat(output).contains(", 0 broken");
    }
}
