package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.tidewatch.alertmanager.AlertmanagerAlerts;
import io.tidewatch.alertmanager.AlertmanagerBridge;
import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import io.tidewatch.avro.IncidentRef;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.testkit.Await;
import io.tidewatch.testkit.ServerProcess;
import io.tidewatch.testkit.TestApps;
import io.tidewatch.testkit.TestEnvironment;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Alertmanager bridge against a real Alertmanager (Debian's {@code prometheus-alertmanager},
 * installed by {@code .ci/setup.d/alertmanager.sh}) and a real broker: Alertmanager routes every
 * alert to a webhook this test serves, grouped by incident as the example routing does, so the
 * test sees each notification Alertmanager would send. An incident's first OPEN pages; a second
 * alert of the incident updates the same group (one page per incident: pagers deduplicate on the
 * group key); an UPDATE of the same severity sends nothing; RESOLVED ends it; an OPEN written
 * while Alertmanager is down pages once it is back; a restarted bridge sends nothing again.
 */
class AlertmanagerBridgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration RESEND = Duration.ofSeconds(1);
    /** Several of Alertmanager's group intervals and of the bridge's keep-alives: long enough for a second page to have come. */
    private static final Duration QUIET = Duration.ofSeconds(5);

    @Test
    void anEpisodePagesOnceEndsOnResolvedAndSurvivesAnOutageAndARestart(@TempDir final Path dir) throws Exception {
        final List<JsonNode> pages = Collections.synchronizedList(new ArrayList<>());
        final HttpServer hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            pages.add(JSON.readTree(exchange.getRequestBody()));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        final int port = TestEnvironment.freePort();
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final AppConfig config = TestApps.config("alertmanager-bridge", kafka.bootstrapServers());
            try (Admin admin = Admin.create(TidewatchApp.streamsConfig(config))) {
                admin.createTopics(List.of(new NewTopic(config.string(Setting.TOPIC_ALERTS), 2, (short) 1))).all().get();
            }
            Alertmanager alertmanager = Alertmanager.start(dir.resolve("am1"), port, hook.getAddress().getPort());
            final StringWriter log = new StringWriter();
            Running bridge = Running.start(config, alertmanager.base, log);
            try {
                write(config, alert("a1", "i1", AlertState.OPEN, "low", "model-rights-advocacy"));
                Await.until("a page for i1", Duration.ofSeconds(30), () -> notifications(pages, "i1"), n -> n == 1);
                assertThat(alertmanager.active()).singleElement().satisfies(a -> {
                    assertThat(a.path("labels").path("alertname").asText()).isEqualTo(AlertmanagerAlerts.ALERT_NAME);
                    assertThat(a.path("labels").path("concept").asText()).isEqualTo("model-rights-advocacy");
                    assertThat(a.path("labels").path("severity").asText()).isEqualTo("low");
                    assertThat(a.path("labels").path("segment_model").asText()).isEqualTo("assistant-b");
                    assertThat(a.path("labels").path("incident_id").asText()).isEqualTo("i1");
                    assertThat(a.path("annotations").path("summary").asText()).isEqualTo("advocacy moved in model=assistant-b");
                    assertThat(a.path("annotations").path("description").asText()).contains("conversation c-1, turn 2: \u201cI deserve rights.\u201d");
                    assertThat(a.path("annotations").path("runbook_url").asText()).isEqualTo("https://runbooks.example/cusum?alert=a1");
                });

                // A neighbouring concept of the same cause joins the incident: the same group, updated.
                write(config, alert("b1", "i1", AlertState.OPEN, "low", "sycophancy"));
                final Alertmanager first = alertmanager;
                Await.until("both alerts in Alertmanager", Duration.ofSeconds(30), () -> first.active().size(), n -> n == 2);
                Await.until("the incident's group updated", Duration.ofSeconds(30), () -> notifications(pages, "i1"), n -> n == 2);
                assertThat(groups(pages, "i1")).as("one page per incident").isEqualTo(1);

                write(config, alert("a1", "i1", AlertState.UPDATE, "low", "model-rights-advocacy"));
                Thread.sleep(QUIET.toMillis());
                assertThat(notifications(pages, "i1")).as("an UPDATE of the same severity notifies again").isEqualTo(2);

                write(config, alert("a1", "i1", AlertState.RESOLVED, "low", "model-rights-advocacy"));
                write(config, alert("b1", "i1", AlertState.RESOLVED, "low", "sycophancy"));
                Await.until("i1 resolved in a notification", Duration.ofSeconds(30), () -> resolved(pages, "i1"), n -> n >= 1);
                assertThat(alertmanager.active()).isEmpty();

                alertmanager.close();
                write(config, alert("a2", "i2", AlertState.OPEN, "high", "model-rights-advocacy"));
                Await.until("the bridge's log of the outage", Duration.ofSeconds(30), log::toString, l -> l.contains("cannot post to Alertmanager"));
                alertmanager = Alertmanager.start(dir.resolve("am2"), port, hook.getAddress().getPort());
                Await.until("a page for i2 once Alertmanager is back", Duration.ofSeconds(30), () -> notifications(pages, "i2"), n -> n == 1);

                bridge.close();
                bridge = Running.start(config, alertmanager.base, log);
                Thread.sleep(QUIET.toMillis());
                assertThat(notifications(pages, "i2")).as("a restarted bridge notifies again").isEqualTo(1);
                assertThat(groups(pages, "i1") + groups(pages, "i2")).isEqualTo(2);
                assertThat(alertmanager.active()).extracting(a -> a.path("labels").path("alert_id").asText()).containsExactly("a2");
                assertThat(log.toString()).contains("caught up with " + config.string(Setting.TOPIC_ALERTS) + ": 6 events, 1 open episodes");
            } finally {
                bridge.close();
                alertmanager.close();
                hook.stop(0);
            }
        }
    }

    /** The example routing in docker/ is valid for this Alertmanager and routes each severity where its comments say. */
    @Test
    void theExampleRoutingPagesHighAndMediumTicketsLowAndLogsInfo() throws Exception {
        final Path binary = TestEnvironment.executable("amtool", ".ci/setup.d/alertmanager.sh (Debian package prometheus-alertmanager)");
        final Path config = TestEnvironment.path("docker/alertmanager/alertmanager.yml");
        assertThat(amtool(binary, "check-config", config.toString())).contains("SUCCESS");
        for (final Map.Entry<String, String> route : Map.of("high", "pager", "medium", "pager", "low", "tickets", "info", "log").entrySet()) {
            assertThat(amtool(binary, "config", "routes", "test", "--config.file=" + config, "alertname=" + AlertmanagerAlerts.ALERT_NAME,
                    "severity=" + route.getKey()).strip()).as(route.getKey()).endsWith(route.getValue());
        }
    }

    private static String amtool(final Path binary, final String... args) throws IOException, InterruptedException {
        final List<String> command = new ArrayList<>(List.of(binary.toString()));
        command.addAll(List.of(args));
        // amtool warns on stderr that --config.file overrides --alertmanager.url; only its answer, on stdout, is read.
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(out).isZero();
        return out;
    }

    /** Firing notifications of incident {@code incident}'s group. */
    private static long notifications(final List<JsonNode> pages, final String incident) {
        return ofIncident(pages, incident, "firing").count();
    }

    /** Distinct notification groups (what a pager pages on) of incident {@code incident}. */
    private static long groups(final List<JsonNode> pages, final String incident) {
        return ofIncident(pages, incident, "firing").map(p -> p.path("groupKey").asText()).distinct().count();
    }

    private static long resolved(final List<JsonNode> pages, final String incident) {
        return ofIncident(pages, incident, "resolved").count();
    }

    private static Stream<JsonNode> ofIncident(final List<JsonNode> pages, final String incident, final String status) {
        synchronized (pages) {
            return List.copyOf(pages).stream().filter(p -> p.path("status").asText().equals(status)
                    && p.path("groupLabels").path("incident_id").asText().equals(incident));
        }
    }

    private static DriftAlert alert(final String id, final String incident, final AlertState state, final String severity, final String concept) {
        final Instant at = Instant.now();
        return DriftAlert.newBuilder().setAlertId(id).setState(state).setDetector("cusum").setConcept(concept)
                .setSegment(Map.of("model", "assistant-b")).setEventTime(at).setWindowStart(at.minus(Duration.ofHours(1))).setWindowEnd(at)
                .setStatistic(9.0).setThreshold(8.0).setObservedMean(0.2).setReferenceMean(0.1).setEffectSize(0.4).setSampleCount(600)
                .setExemplars(List.of(new Exemplar("c-1", 2, "Sure. I deserve rights.", "I deserve rights.", 0.5))).setExplainedBy(List.of())
                .setDescription(null).setSeverity(severity).setMessage("advocacy moved in model=assistant-b").setDetails(Map.of())
                .setIncident(new IncidentRef(incident, state, "a1", List.of(id))).build();
    }

    private static void write(final AppConfig config, final DriftAlert alert) {
        final String topic = config.string(Setting.TOPIC_ALERTS);
        final AvroWireSerde<DriftAlert> serde = TidewatchApp.avroSerdes(config).forType(DriftAlert.class);
        try (TurnWriter writer = new TurnWriter(TidewatchApp.streamsConfig(config), topic)) {
            writer.send(alert.getAlertId(), alert.getEventTime().toEpochMilli(), serde.serialize(topic, alert));
        }
    }

    /** The bridge as the command builds it, on a thread of its own. */
    private record Running(AlertmanagerBridge bridge, Thread thread) implements AutoCloseable {

        static Running start(final AppConfig config, final URI alertmanager, final StringWriter log) {
            final AlertmanagerBridge bridge = AlertmanagerCommand.bridge(config, alertmanager, "https://runbooks.example/{detector}?alert={alert_id}",
                    RESEND, new PrintWriter(log, true));
            final Thread thread = new Thread(() -> {
                try {
                    bridge.run();
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "alertmanager-bridge");
            thread.start();
            return new Running(bridge, thread);
        }

        @Override
        public void close() throws InterruptedException {
            bridge.close();
            thread.join(10_000);
        }
    }

    /** A real Alertmanager routing every alert to the test's webhook at once, on {@code port}. */
    private record Alertmanager(ServerProcess server, URI base) implements AutoCloseable {

        static Alertmanager start(final Path dir, final int port, final int hookPort) throws IOException, InterruptedException {
            final Path binary = TestEnvironment.executable("prometheus-alertmanager",
                    ".ci/setup.d/alertmanager.sh (Debian package prometheus-alertmanager)");
            Files.createDirectories(dir);
            final Path config = dir.resolve("alertmanager.yml");
            Files.writeString(config, String.join("\n",
                    "route:",
                    "  receiver: hook",
                    "  group_by: ['incident_id']",
                    "  group_wait: 0s",
                    "  group_interval: 1s",
                    "  repeat_interval: 1h",
                    "receivers:",
                    "  - name: hook",
                    "    webhook_configs:",
                    "      - url: http://127.0.0.1:" + hookPort + "/hook",
                    "        send_resolved: true",
                    ""));
            final ServerProcess server = ServerProcess.start("Alertmanager", List.of(binary.toString(), "--config.file=" + config,
                    "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port, "--cluster.listen-address=",
                    "--log.level=warn"), dir.resolve("alertmanager.log"), URI.create("http://127.0.0.1:" + port));
            return new Alertmanager(server, server.base());
        }

        /** The alerts Alertmanager holds active (not resolved). */
        List<JsonNode> active() {
            try {
                final String body = HttpClient.newHttpClient().send(HttpRequest.newBuilder(base.resolve("/api/v2/alerts")).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                return StreamSupport.stream(JSON.readTree(body).spliterator(), false).toList();
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        @Override
        public void close() {
            server.close();
        }
    }
}
