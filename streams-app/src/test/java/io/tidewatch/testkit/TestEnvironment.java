package io.tidewatch.testkit;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/** What tests need from outside the module: repository files, installed tools, loopback ports. */
public final class TestEnvironment {

    private TestEnvironment() {
    }

    /** {@code relative} in the repository root (the directory holding grafana/ and docker/). */
    public static Path path(final String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("grafana")) && Files.isDirectory(dir.resolve("docker"))) {
                return dir.resolve(relative);
            }
        }
        throw new AssertionError("no repository root (with grafana/ and docker/) above " + Path.of("").toAbsolutePath());
    }

    /** An executable on the PATH, or {@link #unavailable} naming the setup script that installs it. */
    public static Path executable(final String name, final String installedBy) {
        for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            final Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return unavailable(name + " is not on the PATH; " + installedBy + " installs it");
    }

    /**
     * A tool the test needs is missing: under {@code CI=true} the test fails, so CI cannot go
     * green without running it; elsewhere it is skipped, saying why in the build log (Maven's
     * summary counts skips without their reasons).
     */
    public static <T> T unavailable(final String reason) {
        if ("true".equals(System.getenv("CI"))) {
            return Assertions.fail("CI=true and " + reason);
        }
        System.err.println("SKIPPING: " + reason + ". Set CI=true to make this a failure.");
        return Assumptions.abort(reason);
    }

    /** A loopback port that was free a moment ago and that nothing listens on now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
