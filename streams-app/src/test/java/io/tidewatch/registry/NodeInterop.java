package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.testkit.TestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;

/**
 * Runs {@code src/test/node/interop/interop.mjs} (KafkaJS with @kafkajs/confluent-schema-registry,
 * or with Confluent's @confluentinc/schemaregistry) against a running app, and checks that the app
 * and the third-party clients understood each other.
 */
final class NodeInterop {

    static final Path DIR = Path.of("src", "test", "node", "interop");
    static final Schema PRODUCER_SCHEMA = TestSchemas.turnWithOptionalSentiment();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the script printed, one JSON object per line. */
    record Result(int exitCode, List<JsonNode> events, String errors) {

        List<JsonNode> alerts() {
            return events.stream().filter(e -> e.has("alert")).toList();
        }

        int producedInHeaders() {
            return events.stream().filter(e -> e.has("produced")).findFirst().orElseThrow().get("inHeaders").asInt();
        }

        int registeredId() {
            return events.stream().filter(e -> e.has("registered")).findFirst().orElseThrow().get("registered").asInt();
        }
    }

    private NodeInterop() {
    }

    /** Fails under CI=true when node or the npm modules are missing; elsewhere skips, saying why. */
    static void requireInstalled() {
        final String missing = missing();
        if (missing != null) {
            TestEnvironment.unavailable("the KafkaJS interop test cannot run: " + missing
                    + " (.ci/setup.d/node-interop.sh installs them: npm ci --prefix streams-app/src/test/node/interop)");
        }
    }

    private static String missing() {
        if (!Files.isDirectory(DIR.resolve("node_modules/kafkajs")) || !Files.isDirectory(DIR.resolve("node_modules/@kafkajs/confluent-schema-registry"))
                || !Files.isDirectory(DIR.resolve("node_modules/@confluentinc/schemaregistry"))) {
            return "npm modules are not installed in " + DIR.toAbsolutePath() + "/node_modules";
        }
        try {
            final Process node = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            node.getInputStream().readAllBytes();
            return node.waitFor() == 0 ? null : "node --version failed";
        } catch (final IOException e) {
            return "node is not on the PATH (" + e.getMessage() + ")";
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while looking for node";
        }
    }

    /** The registry client the script uses: {@code interop.mjs} says what each writes and reads. */
    enum Client {
        KAFKAJS, CONFLUENT
    }

    /** Registers {@link #PRODUCER_SCHEMA}, produces {@code turns} (each with a sentiment), and waits for an OPEN alert. */
    static Result run(final Client client, final String bootstrapServers, final String registryUrl, final List<ConversationTurn> turns,
                      final Path dir, final Duration timeout) throws IOException, InterruptedException {
        final Path turnsFile = Files.write(dir.resolve("turns.jsonl"), turns.stream().map(NodeInterop::asProducerJson).toList());
        final ObjectNode config = JSON.createObjectNode().put("client", client.name().toLowerCase(Locale.ROOT))
                .put("bootstrapServers", bootstrapServers).put("registryUrl", registryUrl)
                .put("schemaFile", Files.writeString(dir.resolve("turn.avsc"), PRODUCER_SCHEMA.toString()).toString())
                .put("turnsFile", turnsFile.toString()).put("turnsTopic", AppUnderTest.TURNS).put("alertsTopic", AppUnderTest.ALERTS)
                .put("timeoutMs", timeout.toMillis());
        final Path configFile = Files.writeString(dir.resolve("interop.json"), config.toString());
        final Path out = dir.resolve("node.out");
        final Path err = dir.resolve("node.err");
        final Process node = new ProcessBuilder("node", "interop.mjs", configFile.toAbsolutePath().toString())
                .directory(DIR.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!node.waitFor(timeout.plusSeconds(30).toSeconds(), TimeUnit.SECONDS)) {
            node.destroyForcibly();
            fail("interop.mjs did not finish within " + timeout.plusSeconds(30) + "; it printed " + Files.readString(out) + Files.readString(err));
        }
        final List<JsonNode> events = new ArrayList<>();
        for (final String line : Files.readAllLines(out)) {
            if (line.startsWith("{")) {
                events.add(JSON.readTree(line));
            }
        }
        return new Result(node.exitValue(), events, Files.readString(err));
    }

    /** A turn as the JSON that avsc encodes: field names of the schema, unions unwrapped, timestamps in ms. */
    private static String asProducerJson(final ConversationTurn turn) {
        final ObjectNode json = JSON.createObjectNode().put("conversation_id", turn.getConversationId()).put("turn", turn.getTurn())
                .put("timestamp", turn.getTimestamp().toEpochMilli()).put("model", turn.getModel()).putNull("prompt")
                .put("response", turn.getResponse()).putNull("tenant").putNull("locale").put("sentiment", "calm");
        json.set("attributes", JSON.valueToTree(turn.getAttributes()));
        return json.toString();
    }

    /**
     * The app scored every turn the third-party producer wrote and dead-lettered none, and the
     * third-party consumer decoded the app's alerts with the schema the app registered.
     */
    static void assertUnderstoodEachOther(final Result result, final SchemaRegistry registry, final AppUnderTest app, final int turns,
                                          final SchemaIdForm alertsForm) {
        assertThat(result.exitCode()).as("interop.mjs exit code; it printed %s %s", result.events(), result.errors()).isZero();
        final RegisteredSchema producers = registry.latest(AppUnderTest.TURNS + "-value");
        assertThat(producers.schema()).isEqualTo(PRODUCER_SCHEMA);
        assertThat(producers.id()).isEqualTo(result.registeredId());

        assertThat(app.read(AppUnderTest.SCORED, r -> r.size() >= turns, Duration.ofSeconds(60))).hasSize(turns);
        assertThat(app.read(AppUnderTest.DEAD_LETTERS, r -> false, Duration.ofSeconds(2))).isEmpty();

        final RegisteredSchema alerts = registry.latest(AppUnderTest.ALERTS + "-value");
        assertThat(alerts.schema()).isEqualTo(DriftAlert.getClassSchema());
        assertThat(result.alerts()).isNotEmpty().allSatisfy(event -> {
            if (alertsForm == SchemaIdForm.HEADER) {
                assertThat(event.get("schemaGuid").asText()).isEqualTo(registry.guid(alerts.id()).toString());
            } else {
                assertThat(event.get("schemaId").asInt()).isEqualTo(alerts.id());
            }
            assertThat(event.at("/alert/segment")).isEqualTo(JSON.valueToTree(Map.of("model", PirateTraffic.DRIFTING)));
            assertThat(event.at("/alert/concept").asText()).isEqualTo(AppUnderTest.CONCEPT);
            assertThat(event.at("/alert/detector").asText()).isEqualTo("cusum");
        });
        assertThat(result.alerts()).anySatisfy(event -> assertThat(event.at("/alert/state").asText()).isEqualTo("OPEN"));
    }
}
