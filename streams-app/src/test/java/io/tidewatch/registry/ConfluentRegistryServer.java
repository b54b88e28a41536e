package io.tidewatch.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A real HTTP schema registry in this JVM: the Confluent REST endpoints that tidewatch and
 * {@code @kafkajs/confluent-schema-registry} call, with the status codes and error bodies of
 * Confluent's API reference, over an {@link InMemorySchemaRegistry}. Tests can script the next
 * answers (faults, malformed bodies) and require basic credentials.
 */
public final class ConfluentRegistryServer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final InMemorySchemaRegistry store;
    private final Queue<Answer> scripted = new ConcurrentLinkedQueue<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private volatile String requiredAuthorization;

    private record Answer(int status, String body) {
    }

    /** An error as Confluent's API reference gives it, for requests this server does not route. */
    private static final class HttpError extends RuntimeException {
        private final int status;

        HttpError(final int status, final String message) {
            super(message);
            this.status = status;
        }
    }

    private ConfluentRegistryServer(final int port, final InMemorySchemaRegistry store, final SSLContext tls) {
        this.store = store;
        try {
            server = tls == null ? HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0) : httpsServer(port, tls);
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    private static HttpServer httpsServer(final int port, final SSLContext tls) throws IOException {
        final HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return https;
    }

    public static ConfluentRegistryServer start() {
        return start(0, new InMemorySchemaRegistry());
    }

    /** A server on {@code port} (0 = any free one) over {@code store}, so a restarted server keeps its schemas. */
    static ConfluentRegistryServer start(final int port, final InMemorySchemaRegistry store) {
        return new ConfluentRegistryServer(port, store, null);
    }

    /** An HTTPS server presenting the certificate of {@code tls}. */
    static ConfluentRegistryServer startTls(final SSLContext tls) {
        return new ConfluentRegistryServer(0, new InMemorySchemaRegistry(), tls);
    }

    public String url() {
        return (server instanceof HttpsServer ? "https://localhost:" : "http://127.0.0.1:") + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    InMemorySchemaRegistry store() {
        return store;
    }

    /** Every request so far, as "METHOD path?query". */
    List<String> requests() {
        return requests;
    }

    public void requireBasicAuth(final String user, final String password) {
        requiredAuthorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The next request gets this answer instead of a real one. */
    void answerNext(final int status, final String body) {
        scripted.add(new Answer(status, body));
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String query = exchange.getRequestURI().getRawQuery();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + (query == null ? "" : "?" + query));
            final Answer scriptedAnswer = scripted.poll();
            final Answer answer = scriptedAnswer != null ? scriptedAnswer : answer(exchange);
            final byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", RestSchemaRegistry.CONTENT_TYPE);
            exchange.sendResponseHeaders(answer.status(), body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private Answer answer(final HttpExchange exchange) throws IOException {
        final String authorization = requiredAuthorization;
        if (authorization != null && !authorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return error(401, 401, "Unauthorized");
        }
        try {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            return new Answer(200, route(exchange.getRequestMethod(), segments(exchange), exchange.getRequestURI().getRawQuery(), body).toString());
        } catch (final RegistryErrorException e) {
            return error(e.status(), e.errorCode(), e.getMessage());
        } catch (final UnknownSchemaException e) {
            final WireSchemaId schema = e.schema();
            return error(404, RegistryError.SCHEMA_NOT_FOUND.code(), "Schema " + (schema.guid() == null ? schema.id() : schema.guid()) + " not found");
        } catch (final HttpError e) {
            return error(e.status, e.status, e.getMessage());
        }
    }

    private static List<String> segments(final HttpExchange exchange) {
        return Arrays.stream(exchange.getRequestURI().getRawPath().split("/")).filter(s -> !s.isEmpty())
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
    }

    private JsonNode route(final String method, final List<String> path, final String query, final String body) {
        final String route = method + " " + String.join("/", path.stream().map(s -> "*").toList()) + " " + (path.isEmpty() ? "" : path.get(0));
        return switch (route) {
            case "GET */*/* schemas" -> schemaById(path);
            case "GET * subjects" -> JSON.valueToTree(store.subjects());
            case "POST */* subjects" -> registered(store.lookup(path.get(1), schema(body)));
            case "GET */*/* subjects" -> JSON.valueToTree(store.versions(path.get(1)));
            case "POST */*/* subjects" -> withGuid(JSON.createObjectNode().put("id", store.register(path.get(1), schema(body))));
            case "GET */*/*/* subjects" -> registered(store.version(path.get(1), version(path.get(3))));
            case "POST */*/*/*/* compatibility" -> compatibility(path.get(2), version(path.get(4)), schema(body), query);
            case "GET * config" -> level("compatibilityLevel", store.globalCompatibility());
            case "PUT * config" -> setGlobalLevel(body);
            case "GET */* config" -> subjectLevel(path.get(1), query);
            case "PUT */* config" -> setSubjectLevel(path.get(1), body);
            default -> throw new HttpError(404, "HTTP 404 Not Found");
        };
    }

    /** {@code GET /schemas/ids/{id}} and {@code GET /schemas/guids/{guid}}, which Confluent's registry has since 8.0. */
    private JsonNode schemaById(final List<String> path) {
        try {
            return switch (path.get(1)) {
                case "ids" -> withGuid(JSON.createObjectNode().put("schema", store.schemaById(Integer.parseInt(path.get(2))).toString())
                        .put("id", Integer.parseInt(path.get(2))));
                case "guids" -> JSON.createObjectNode().put("schema", store.schemaByGuid(UUID.fromString(path.get(2))).toString());
                default -> throw new HttpError(404, "HTTP 404 Not Found");
            };
        } catch (final IllegalArgumentException e) {
            throw new HttpError(404, "HTTP 404 Not Found");
        }
    }

    /** The answer with the {@code guid} of its {@code id}, as registries since Confluent's 8.0 give it. */
    private ObjectNode withGuid(final ObjectNode answer) {
        return answer.put("guid", store.guid(answer.get("id").asInt()).toString());
    }

    private JsonNode registered(final RegisteredSchema schema) {
        return withGuid(JSON.createObjectNode().put("subject", schema.subject()).put("version", schema.version())
                .put("id", schema.id()).put("schema", schema.schema().toString()));
    }

    private JsonNode compatibility(final String subject, final int version, final Schema schema, final String query) {
        final List<String> problems = version < 0 ? store.incompatibilities(subject, schema)
                : store.compatibility(subject).incompatibilities(schema, List.of(store.version(subject, version).schema()));
        final ObjectNode answer = JSON.createObjectNode().put("is_compatible", problems.isEmpty());
        if ("verbose=true".equals(query)) {
            answer.set("messages", JSON.valueToTree(problems));
        }
        return answer;
    }

    private JsonNode subjectLevel(final String subject, final String query) {
        final Compatibility level = store.subjectCompatibility(subject)
                .or(() -> "defaultToGlobal=true".equals(query) ? Optional.of(store.globalCompatibility()) : Optional.empty())
                .orElseThrow(() -> new RegistryErrorException(RegistryError.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                        "Subject '" + subject + "' does not have subject-level compatibility configured"));
        return level("compatibilityLevel", level);
    }

    private JsonNode setGlobalLevel(final String body) {
        final Compatibility level = Compatibility.parse(field(body, "compatibility", RegistryError.INVALID_COMPATIBILITY_LEVEL));
        store.setGlobalCompatibility(level);
        return level("compatibility", level);
    }

    private JsonNode setSubjectLevel(final String subject, final String body) {
        final Compatibility level = Compatibility.parse(field(body, "compatibility", RegistryError.INVALID_COMPATIBILITY_LEVEL));
        store.setCompatibility(subject, level);
        return level("compatibility", level);
    }

    private static JsonNode level(final String field, final Compatibility level) {
        return JSON.createObjectNode().put(field, level.name());
    }

    /** The Avro schema of a request body {"schema": "...", "schemaType": "AVRO"}: 42201 when it is anything else. */
    private static Schema schema(final String body) {
        final String text = field(body, "schema", RegistryError.INVALID_SCHEMA);
        final JsonNode type = parse(body, RegistryError.INVALID_SCHEMA).path("schemaType");
        if (!type.isMissingNode() && !type.isNull() && !"AVRO".equals(type.asText())) {
            throw new RegistryErrorException(RegistryError.INVALID_SCHEMA, "Invalid schema type " + type.asText());
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (final SchemaParseException e) {
            throw new RegistryErrorException(RegistryError.INVALID_SCHEMA, "Invalid schema " + text + ", details: " + e.getMessage());
        }
    }

    private static String field(final String body, final String name, final RegistryError whenMissing) {
        final JsonNode value = parse(body, whenMissing).path(name);
        if (!value.isTextual()) {
            throw new RegistryErrorException(whenMissing, "Missing or invalid '" + name + "' in request body " + body);
        }
        return value.asText();
    }

    private static JsonNode parse(final String body, final RegistryError whenMalformed) {
        try {
            return JSON.readTree(body);
        } catch (final IOException e) {
            throw new RegistryErrorException(whenMalformed, "Malformed request body: " + e.getMessage());
        }
    }

    private static int version(final String text) {
        if ("latest".equals(text)) {
            return -1;
        }
        try {
            final int version = Integer.parseInt(text);
            if (version == -1 || version >= 1) {
                return version;
            }
        } catch (final NumberFormatException e) {
            // reported below, as Confluent does
        }
        throw new RegistryErrorException(RegistryError.INVALID_VERSION, "The specified version '" + text
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static Answer error(final int status, final int code, final String message) {
        return new Answer(status, JSON.createObjectNode().put("error_code", code).put("message", message).toString());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
