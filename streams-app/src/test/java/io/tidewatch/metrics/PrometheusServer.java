package io.tidewatch.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.testkit.ServerProcess;
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

/**
 * A real Prometheus server (the Debian package's binary) on a free local port, scraping the given
 * targets every second as job {@value #JOB} and evaluating the given rule file, queried through its
 * HTTP API like Grafana does.
 */
final class PrometheusServer implements AutoCloseable {

    static final String JOB = "tidewatch";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ServerProcess server;
    private final URI base;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusServer(final ServerProcess server) {
        this.server = server;
        this.base = server.base();
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
        return new PrometheusServer(ServerProcess.start("Prometheus", List.of(binary.toString(), "--config.file=" + config,
                "--storage.tsdb.path=" + workDir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--log.level=warn"),
                workDir.resolve("prometheus.log"), URI.create("http://127.0.0.1:" + port)));
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
            throw new UncheckedIOException("cannot query Prometheus at " + base + "; its log:\n" + server.logText(), e);
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

    @Override
    public void close() {
        server.close();
    }
}
