package io.tidewatch.metrics;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.slf4j.LoggerFactory;

/** What the metrics tests need from outside the module: repository files, executables, ports. */
final class TestEnvironment {

    private TestEnvironment() {
    }

    /** {@code relative} in the repository root (the directory holding grafana/ and docker/). */
    static Path path(final String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("grafana")) && Files.isDirectory(dir.resolve("docker"))) {
                return dir.resolve(relative);
            }
        }
        throw new AssertionError("no repository root (with grafana/ and docker/) above " + Path.of("").toAbsolutePath());
    }

    /**
     * An executable on the PATH. Missing, it fails the test when {@code CI=true}, so CI cannot go
     * green without running it, and skips the test elsewhere, saying why.
     */
    static Path executable(final String name) {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            final Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        final String reason = name + " is not on the PATH; .ci/setup.d/prometheus.sh installs it (Debian package prometheus)";
        if ("true".equals(System.getenv("CI"))) {
            return Assertions.fail(reason);
        }
        // Maven's summary counts skipped tests but does not say why: say it in the log.
        LoggerFactory.getLogger(TestEnvironment.class).warn("SKIPPING: {}. Set CI=true to make this a failure.", reason);
        return Assumptions.abort(reason + ". Skipped because CI is not true.");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
