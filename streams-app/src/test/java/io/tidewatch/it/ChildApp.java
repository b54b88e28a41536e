package io.tidewatch.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code tidewatch run --config FILE} in a child JVM on the test classpath, so that a test can
 * kill it the way an operating system does (SIGKILL: no shutdown hook, no last commit). Its
 * console output goes to a file.
 */
final class ChildApp implements AutoCloseable {

    private final Process process;
    private final Path log;

    private ChildApp(final Process process, final Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code tidewatch run --config config}; {@code jvmOptions} go before the main class. */
    static ChildApp run(final Path config, final Path log, final List<String> jvmOptions) {
        final List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m"));
        command.addAll(jvmOptions);
        // Surefire runs tests from a manifest-only jar; that jar's Class-Path is the whole test classpath.
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tidewatch.cli.TidewatchCommand", "run", "--config", config.toString()));
        try {
            return new ChildApp(new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start(), log);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot start a child JVM", e);
        }
    }

    /** SIGKILL (what {@link Process#destroyForcibly()} sends on Linux), then waits for the process to be gone. */
    void kill() throws InterruptedException {
        process.destroyForcibly().waitFor();
    }

    /** Waits for the process to end by itself (a command that fails at start) and returns its exit code. */
    int awaitExit(final long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            throw new AssertionError("the child JVM is still running after " + seconds + " s; its output:\n" + log());
        }
        return process.exitValue();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Everything the process wrote to stdout and stderr so far. */
    String log() {
        try {
            return Files.readString(log);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM, which runs the app's shutdown hook (a clean close); SIGKILL if it does not end in time. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
