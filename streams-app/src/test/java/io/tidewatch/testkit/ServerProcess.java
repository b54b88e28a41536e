package io.tidewatch.testkit;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real server a test starts as a process (Prometheus, Alertmanager): its output goes to a log
 * file, and it counts as started once it answers {@code GET /-/ready}; one that exits first fails
 * the test with its log.
 */
public record ServerProcess(String name, Process process, URI base, Path log) implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts {@code command}, its output to {@code log}, and waits until it answers on {@code base}. */
    public static ServerProcess start(final String name, final List<String> command, final Path log, final URI base)
            throws IOException, InterruptedException {
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final ServerProcess server = new ServerProcess(name, process, base, log);
        Await.until(name + " answers /-/ready", Duration.ofSeconds(60), server::readyState, "ready"::equals);
        return server;
    }

    private String readyState() {
        if (!process.isAlive()) {
            throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logText());
        }
        try {
            return HTTP.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200 ? "ready" : "starting";
        } catch (final IOException e) {
            return "not listening yet (" + e.getMessage() + ")";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** What the server has written so far, for a failure message. */
    public String logText() {
        try {
            return Files.readString(log);
        } catch (final IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops the server, forcibly if it has not stopped within 30 seconds. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
