package io.tidewatch.registry;

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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;

/**
 * A client for the Confluent Schema Registry REST API (register, and look up by id), with caches
 * both ways. Connection errors and 5xx answers are retried with back-off and finally surface as
 * {@link RegistryUnavailableException}, never as a bad record.
 */
public final class RestSchemaRegistry implements SchemaRegistry {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ATTEMPTS = 6;

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndSchema = new ConcurrentHashMap<>();

    public RestSchemaRegistry(final String baseUrl) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    @Override
    public int register(final String subject, final Schema schema) {
        return idsBySubjectAndSchema.computeIfAbsent(subject + '\n' + schema, k -> {
            final String body = JSON.createObjectNode().put("schema", schema.toString()).toString();
            final HttpRequest request = request("/subjects/" + URLEncoder.encode(subject, StandardCharsets.UTF_8) + "/versions")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            final int id = send(request).path("id").asInt(-1);
            if (id < 0) {
                throw new RegistryUnavailableException("registry at " + baseUrl + " answered a registration without an id");
            }
            schemasById.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(final int id) {
        return schemasById.computeIfAbsent(id, i -> {
            final JsonNode answer = send(request("/schemas/ids/" + i).GET().build());
            return new Schema.Parser().parse(answer.path("schema").asText());
        });
    }

    private HttpRequest.Builder request(final String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", CONTENT_TYPE)
                .header("Content-Type", CONTENT_TYPE);
    }

    private JsonNode send(final HttpRequest request) {
        IOException lastError = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            try {
                final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 404 && request.uri().getPath().contains("/schemas/ids/")) {
                    throw new UnknownSchemaException(Integer.parseInt(request.uri().getPath().replaceAll(".*/", "")));
                }
                if (response.statusCode() < 500) {
                    if (response.statusCode() >= 300) {
                        throw new IllegalStateException("registry refused " + request.method() + " " + request.uri()
                                + ": HTTP " + response.statusCode() + " " + response.body());
                    }
                    return JSON.readTree(response.body());
                }
                lastError = new IOException("HTTP " + response.statusCode() + " " + response.body());
            } catch (final IOException e) {
                lastError = e;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted while calling the registry at " + baseUrl, e);
            }
            sleep(Math.min(8_000L, 250L << attempt));
        }
        throw new RegistryUnavailableException("registry at " + baseUrl + " unavailable after " + ATTEMPTS + " attempts", lastError);
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The registry could not be reached: an infrastructure failure to retry, not a bad record. */
    public static final class RegistryUnavailableException extends RuntimeException {
        public RegistryUnavailableException(final String message) {
            super(message);
        }

        public RegistryUnavailableException(final String message, final Throwable cause) {
            super(message, cause);
        }
    }
}
