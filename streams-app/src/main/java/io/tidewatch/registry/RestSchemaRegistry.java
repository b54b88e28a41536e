package io.tidewatch.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

/**
 * A client for the Confluent Schema Registry REST API ({@code application/vnd.schemaregistry.v1+json}),
 * with caches both ways (ids never change meaning). Calls that get no answer (connection errors,
 * time-outs, 5xx, 429) are retried with exponential back-off, moving to the next URL of
 * {@code schema.registry.url}, and finally fail as {@link RegistryUnavailableException}.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

    public static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<RegistryConfig.Endpoint> endpoints;
    private final RetryPolicy retry;
    private final HttpClient http;
    private final AtomicInteger endpoint = new AtomicInteger();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<UUID, Schema> schemasByGuid = new ConcurrentHashMap<>();
    private final Map<Integer, UUID> guidsById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    private record SubjectSchema(String subject, Schema schema) {
    }

    public RestSchemaRegistry(final RegistryConfig config) {
        this.endpoints = config.endpoints();
        this.retry = config.retry();
        final HttpClient.Builder builder = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10));
        if (config.ssl() != null) {
            builder.sslContext(config.ssl());
        }
        this.http = builder.build();
    }

    @Override
    public int register(final String subject, final Schema schema) {
        final Integer known = idsBySubjectSchema.get(new SubjectSchema(subject, schema));
        if (known != null) {
            return known;
        }
        final Call call = new Call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        final JsonNode answer = call.send();
        final int id = call.requiredInt(answer, "id");
        remember(subject, schema, id);
        rememberGuid(call, answer, id, schema);
        return id;
    }

    @Override
    public RegisteredSchema lookup(final String subject, final Schema schema) {
        final RegisteredSchema found = registered(new Call("POST", "/subjects/" + encode(subject), schemaBody(schema)));
        remember(subject, schema, found.id());
        return found;
    }

    @Override
    public RegisteredSchema latest(final String subject) {
        final RegisteredSchema latest = registered(new Call("GET", "/subjects/" + encode(subject) + "/versions/latest", null));
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public Schema schemaById(final int id) {
        final Schema known = schemasById.get(id);
        if (known != null) {
            return known;
        }
        return fetchById(id);
    }

    /** {@code GET /schemas/ids/{id}}: the schema, and its GUID if the registry gives one, both remembered. */
    private Schema fetchById(final int id) {
        final Call call = new Call("GET", "/schemas/ids/" + id, null);
        final JsonNode answer = call.avroSchema(WireSchemaId.ofId(id));
        final Schema schema = call.schema(answer);
        schemasById.putIfAbsent(id, schema);
        rememberGuid(call, answer, id, schema);
        return schema;
    }

    @Override
    public Schema schemaByGuid(final UUID guid) {
        final Schema known = schemasByGuid.get(guid);
        if (known != null) {
            return known;
        }
        final Call call = new Call("GET", "/schemas/guids/" + guid, null);
        final Schema schema = call.schema(call.avroSchema(WireSchemaId.ofGuid(guid)));
        schemasByGuid.putIfAbsent(guid, schema);
        return schema;
    }

    /**
     * Known from the answers that carry it (registration, {@code GET /schemas/ids/{id}}); a registry
     * before Confluent's 8.0 gives none, and then schemas cannot be named by GUID.
     */
    @Override
    public UUID guid(final int id) {
        final UUID known = guidsById.get(id);
        if (known != null) {
            return known;
        }
        fetchById(id);
        final UUID fetched = guidsById.get(id);
        if (fetched == null) {
            throw new SchemaRegistryException("the schema registry gives no GUID for schema id " + id + "; writing schema GUIDs in "
                    + "record headers needs a registry that has them (Confluent Schema Registry 8.0 or later)");
        }
        return fetched;
    }

    @Override
    public List<String> incompatibilities(final String subject, final Schema schema) {
        final Call call = new Call("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest?verbose=true", schemaBody(schema));
        final JsonNode answer = call.send();
        if (!answer.path("is_compatible").isBoolean()) {
            throw call.malformed("no boolean is_compatible in " + answer);
        }
        if (answer.get("is_compatible").asBoolean()) {
            return List.of();
        }
        final List<String> messages = new ArrayList<>();
        answer.path("messages").forEach(m -> messages.add(m.asText()));
        return messages.isEmpty() ? List.of("incompatible (the registry gave no details)") : messages;
    }

    private void remember(final String subject, final Schema schema, final int id) {
        idsBySubjectSchema.putIfAbsent(new SubjectSchema(subject, schema), id);
        schemasById.putIfAbsent(id, schema);
    }

    /** The answer's {@code guid}, if it has one (registries since Confluent's 8.0 do). */
    private void rememberGuid(final Call call, final JsonNode answer, final int id, final Schema schema) {
        if (answer.hasNonNull("guid")) {
            final UUID guid = call.uuid(answer, "guid");
            guidsById.putIfAbsent(id, guid);
            schemasByGuid.putIfAbsent(guid, schema);
        }
    }

    private static RegisteredSchema registered(final Call call) {
        final JsonNode answer = call.send();
        return new RegisteredSchema(answer.path("subject").asText(), call.requiredInt(answer, "version"),
                call.requiredInt(answer, "id"), call.schema(answer));
    }

    private static String schemaBody(final Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    /** Subjects are path segments: encode everything, including '/' and spaces (which URLEncoder turns into '+'). */
    private static String encode(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** One request, sent with retries; its answers are parsed with errors that name it. */
    private final class Call {
        private final String method;
        private final String path;
        private final String body;

        Call(final String method, final String path, final String body) {
            this.method = method;
            this.path = path;
            this.body = body;
        }

        JsonNode send() {
            Exception last = null;
            for (int attempt = 0; attempt <= retry.maxRetries(); attempt++) {
                if (attempt > 0) {
                    pause(retry.backoff(attempt - 1));
                }
                final RegistryConfig.Endpoint target = endpoints.get(Math.floorMod(endpoint.get(), endpoints.size()));
                try {
                    final HttpResponse<String> response = http.send(request(target), HttpResponse.BodyHandlers.ofString());
                    if (!isTransient(response.statusCode())) {
                        return answer(target, response);
                    }
                    last = new IOException("HTTP " + response.statusCode() + " " + response.body());
                } catch (final IOException e) {
                    last = e;
                } catch (final InterruptedException e) {
                    throw interrupted(e);
                }
                // Another instance may answer where this one did not.
                endpoint.incrementAndGet();
            }
            throw new RegistryUnavailableException("no answer from the schema registry (" + this + ") after "
                    + (retry.maxRetries() + 1) + " attempts: " + last, last);
        }

        private HttpRequest request(final RegistryConfig.Endpoint target) {
            final HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(target.base() + path))
                    .timeout(Duration.ofSeconds(30))
                    .header("Accept", ACCEPT)
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                builder.header("Content-Type", CONTENT_TYPE);
            }
            if (target.authorization() != null) {
                builder.header("Authorization", target.authorization());
            }
            return builder.build();
        }

        private JsonNode answer(final RegistryConfig.Endpoint target, final HttpResponse<String> response) {
            final int status = response.statusCode();
            if (status / 100 == 2) {
                return json(response.body());
            }
            final JsonNode error = errorBody(response.body());
            final int code = error.path("error_code").asInt(status);
            final String message = error.path("message").asText(abbreviate(response.body()));
            throw new RegistryErrorException(status, code, "schema registry " + target.base() + " refused " + this
                    + ": HTTP " + status + ", error " + code + ": " + message);
        }

        private JsonNode json(final String text) {
            try {
                final JsonNode node = JSON.readTree(text);
                if (node == null || node.isMissingNode()) {
                    throw malformed("empty body");
                }
                return node;
            } catch (final JsonProcessingException e) {
                throw malformed("not JSON: " + abbreviate(text));
            }
        }

        /** The answer to a request for one schema, which must be Avro; unknown ones are {@link UnknownSchemaException}. */
        JsonNode avroSchema(final WireSchemaId named) {
            final JsonNode answer;
            try {
                answer = send();
            } catch (final RegistryErrorException e) {
                // Any 404: a registry before Confluent's 8.0 answers a GUID with a plain 404, for it has no such path.
                if (e.is(RegistryError.SCHEMA_NOT_FOUND) || e.status() == 404) {
                    throw new UnknownSchemaException(named, "is not in the registry (" + e.getMessage() + ")");
                }
                throw e;
            }
            final String type = answer.path("schemaType").asText("AVRO");
            if (!"AVRO".equals(type)) {
                throw new UnknownSchemaException(named, "is a " + type + " schema; tidewatch reads Avro only");
            }
            return answer;
        }

        UUID uuid(final JsonNode answer, final String field) {
            try {
                return UUID.fromString(answer.path(field).asText());
            } catch (final IllegalArgumentException e) {
                throw malformed("'" + field + "' is not a UUID in " + abbreviate(answer.toString()));
            }
        }

        int requiredInt(final JsonNode answer, final String field) {
            if (!answer.path(field).isInt()) {
                throw malformed("no integer '" + field + "' in " + abbreviate(answer.toString()));
            }
            return answer.get(field).intValue();
        }

        Schema schema(final JsonNode answer) {
            if (!answer.path("schema").isTextual()) {
                throw malformed("no 'schema' string in " + abbreviate(answer.toString()));
            }
            try {
                return new Schema.Parser().parse(answer.get("schema").asText());
            } catch (final SchemaParseException e) {
                throw malformed("its schema is not Avro: " + e.getMessage());
            }
        }

        RegistryErrorException malformed(final String detail) {
            return new RegistryErrorException(200, RegistryErrorException.MALFORMED, "malformed answer from the schema registry to " + this + ": " + detail);
        }

        private RegistryUnavailableException interrupted(final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new RegistryUnavailableException("interrupted while calling the schema registry (" + this + ")", e);
        }

        private void pause(final Duration duration) {
            try {
                Thread.sleep(duration.toMillis());
            } catch (final InterruptedException e) {
                throw interrupted(e);
            }
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /** Confluent's error body is {"error_code": 40401, "message": "..."}; a proxy may answer anything. */
    private static JsonNode errorBody(final String text) {
        try {
            return JSON.readTree(text);
        } catch (final JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    private static boolean isTransient(final int status) {
        return status >= 500 || status == 429 || status == 408;
    }

    private static String abbreviate(final String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }
}
