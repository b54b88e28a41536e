package io.tidewatch.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.testkit.Await;
import io.tidewatch.testkit.TestEnvironment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the Debian package's binary) on a free local port, scraping the given
 * targets every second as job {@value #JOB} and evaluating the given rule file, queried through its
 * HTTP API like Grafana does.
 */
final class PrometheusServer implements AutoCloseable {

    static final String JOB = "tidewatch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI base;
    private final Path log;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(final Process process, final URI base, final Path log) {
        this.process = process;
        this.base = base;
        this.log = log;
    }

    static PrometheusServer start(final Path workDir, final Path rules, final List<String> targets) throws IOException, InterruptedException {
        final Path binary = TestEnvironment.executable("prometheus", ".ci/setup.d/prometheus.sh (Debian package prometheus)");
        final Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, String.join("\n",
                "global:",
                "  scrape_interval: 1s",
                "  evaluation_interval: 1s",
                "rule_files:",
                "  - " + rules.toAbsolutePath(),
                "scrape_configs:",
                "  - job_name: " + JOB,
                "    static_configs:",
                "      - targets: [" + String.join(", ", targets.stream().map(t -> "'" + t + "'").toList()) + "]",
                ""));
        final int port = TestEnvironment.freePort();
        final Path log = workDir.resolve("prometheus.log");
        final Process process = new ProcessBuilder(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        final PrometheusServer server = new PrometheusServer(process, URI.create("http://127.0.0.1:" + port), log);
        Await.until("Prometheus answers /-/ready", Duration.ofSeconds(60), server::readyState, "ready"::equals);
        return server;
    }

    private String readyState() {
        if (!process.isAlive()) {
            throw new AssertionError("prometheus exited with " + process.exitValue() + ":\n" + logText());
        }
        try {
            return http.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode() == 200 ? "ready" : "starting";
        } catch (final IOException e) {
            return "not listening yet (" + e.getMessage() + ")";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The series a range query over the last {@code range} returns; a malformed expression fails with Prometheus' message. */
    List<JsonNode> queryRange(final String expr, final Duration range, final Duration step) {
        final Instant end = Instant.now();
        return list(api("/api/v1/query_range?query=" + encode(expr) + "&start=" + end.minus(range).getEpochSecond()
                + "&end=" + end.getEpochSecond() + "&step=" + step.toSeconds()).path("result"));
    }

    /** The series an instant query returns now. */
    List<JsonNode> query(final String expr) {
        return list(api("/api/v1/query?query=" + encode(expr)).path("result"));
    }

    /** Values of {@code label} on series matching {@code selector}: what a Grafana label_values() variable offers. */
    List<String> labelValues(final String label, final String selector) {
        return list(api("/api/v1/label/" + encode(label) + "/values?match[]=" + encode(selector))).stream().map(JsonNode::asText).toList();
    }

    /** Every loaded rule with its health and last error. */
    List<JsonNode> rules() {
        final List<JsonNode> rules = new ArrayList<>();
        api("/api/v1/rules").path("groups").forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    /** Alerts pending or firing now. */
    List<JsonNode> alerts() {
        return list(api("/api/v1/alerts").path("alerts"));
    }

    private JsonNode api(final String pathAndQuery) {
        try {
            final HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve(pathAndQuery))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            final JsonNode body = JSON.readTree(response.body());
            if (!"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus refused " + decode(pathAndQuery) + ": "
                        + body.path("errorType").asText() + ": " + body.path("error").asText());
            }
            return body.path("data");
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot query Prometheus at " + base + "; its log:\n" + logText(), e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while querying Prometheus", e);
        }
    }

    private static List<JsonNode> list(final JsonNode array) {
        final List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static String encode(final String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String decode(final String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    private String logText() {
        try {
            return Files.readString(log);
        } catch (final IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
