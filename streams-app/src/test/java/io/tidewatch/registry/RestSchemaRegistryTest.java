package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.testkit.TestEnvironment;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.Schema;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The REST client against a real HTTP registry that answers as Confluent's API reference says. */
class RestSchemaRegistryTest {

    private static final String SUBJECT = "chat.turns-value";
    private static final Schema TURN = TestSchemas.TURN;

    private final ConfluentRegistryServer server = ConfluentRegistryServer.start();

    @AfterEach
    void stop() {
        server.close();
    }

    private SchemaRegistry client(final String... extra) {
        final Map<String, String> config = new HashMap<>(Map.of(RegistryConfig.URL, server.url(),
                RegistryConfig.MAX_RETRIES, "2", RegistryConfig.RETRIES_WAIT_MS, "20", RegistryConfig.RETRIES_MAX_WAIT_MS, "40"));
        for (int i = 0; i < extra.length; i += 2) {
            config.put(extra[i], extra[i + 1]);
        }
        return RegistryConfig.parse(config).client();
    }

    @Test
    void registersLooksUpAndReadsBackWithGlobalIdsSharedAcrossSubjects() {
        final SchemaRegistry client = client();

        final int id = client.register(SUBJECT, TURN);
        assertThat(client.register("elsewhere", TURN)).isEqualTo(id);
        assertThat(client.lookup(SUBJECT, TURN)).isEqualTo(new RegisteredSchema(SUBJECT, 1, id, TURN));
        final int newer = client.register(SUBJECT, TestSchemas.turnWithOptionalSentiment());
        assertThat(client.latest(SUBJECT)).isEqualTo(new RegisteredSchema(SUBJECT, 2, newer, TestSchemas.turnWithOptionalSentiment()));
        assertThat(client().schemaById(id)).isEqualTo(TURN);
    }

    @Test
    void cachesBothWaysSoRepeatedCallsDoNotReachTheRegistry() {
        final SchemaRegistry writer = client();
        final int id = writer.register(SUBJECT, TURN);
        writer.register(SUBJECT, TURN);
        writer.schemaById(id);
        final SchemaRegistry reader = client();
        reader.schemaById(id);
        reader.schemaById(id);

        assertThat(server.requests()).containsExactly("POST /subjects/chat.turns-value/versions", "GET /schemas/ids/" + id);
    }

    @Test
    void learnsGuidsFromRegistrationAndReadsSchemasByGuid() {
        final SchemaRegistry writer = client();
        final int id = writer.register(SUBJECT, TURN);
        final UUID guid = writer.guid(id);
        final SchemaRegistry reader = client();

        assertThat(guid).isEqualTo(server.store().guid(id));
        assertThat(reader.schemaByGuid(guid)).isEqualTo(TURN);
        assertThat(reader.schemaByGuid(guid)).isEqualTo(TURN);
        assertThat(reader.guid(id)).isEqualTo(guid);
        assertThat(server.requests()).containsExactly("POST /subjects/chat.turns-value/versions", "GET /schemas/guids/" + guid,
                "GET /schemas/ids/" + id);
        assertThatThrownBy(() -> reader.schemaByGuid(new UUID(7, 7))).isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("schema GUID 00000000-0000-0007-0000-000000000007 is not in the registry");
    }

    @Test
    void aRegistryWithoutGuidsSaysSoWhenOneIsNeeded() {
        final SchemaRegistry client = client();
        server.answerNext(200, "{\"id\": 3}");
        final int id = client.register(SUBJECT, TURN);
        server.answerNext(200, new ObjectMapper().createObjectNode().put("schema", TURN.toString()).toString());

        assertThatThrownBy(() -> client.guid(id)).isInstanceOf(SchemaRegistryException.class)
                .hasMessageContaining("gives no GUID for schema id 3").hasMessageContaining("Confluent Schema Registry 8.0 or later");
        server.answerNext(404, "{\"error_code\": 404, \"message\": \"HTTP 404 Not Found\"}");
        assertThatThrownBy(() -> client.schemaByGuid(new UUID(7, 7))).isInstanceOf(UnknownSchemaException.class)
                .hasMessageContaining("is not in the registry");
    }

    @Test
    void registryErrorsKeepTheirConfluentCodes() {
        final SchemaRegistry client = client();
        client.register(SUBJECT, TURN);

        assertThatThrownBy(() -> client.latest("nobody")).isInstanceOfSatisfying(RegistryErrorException.class,
                e -> assertThat(e.is(RegistryError.SUBJECT_NOT_FOUND)).isTrue());
        assertThatThrownBy(() -> client.lookup(SUBJECT, TestSchemas.turnWithOptionalSentiment())).isInstanceOfSatisfying(RegistryErrorException.class,
                e -> assertThat(e.is(RegistryError.SCHEMA_NOT_FOUND)).isTrue());
        assertThatThrownBy(() -> client.schemaById(42)).isInstanceOf(UnknownSchemaException.class).hasMessageContaining("schema id 42");
        assertThatThrownBy(() -> client.register(SUBJECT, TestSchemas.turnWithRequiredScore())).isInstanceOfSatisfying(RegistryErrorException.class,
                e -> assertThat(e.status()).isEqualTo(409));
    }

    @Test
    void theTestRegistryAnswersWithConfluentStatusCodesAndErrorBodies() throws Exception {
        client().register(SUBJECT, TURN);

        assertAnswer("GET", "/subjects/nobody/versions/latest", null, 404, 40401);
        assertAnswer("GET", "/subjects/" + SUBJECT + "/versions/7", null, 404, 40402);
        assertAnswer("GET", "/subjects/" + SUBJECT + "/versions/zero", null, 422, 42202);
        assertAnswer("GET", "/schemas/ids/42", null, 404, 40403);
        assertAnswer("POST", "/subjects/" + SUBJECT + "/versions", "{\"schema\": \"{not avro\"}", 422, 42201);
        assertAnswer("POST", "/subjects/" + SUBJECT + "/versions", body(TestSchemas.turnWithRequiredScore()), 409, 409);
        assertAnswer("GET", "/config/" + SUBJECT, null, 404, 40408);
        assertAnswer("PUT", "/config/" + SUBJECT, "{\"compatibility\": \"SIDEWAYS\"}", 422, 42203);
        assertAnswer("GET", "/no/such/route", null, 404, 404);
    }

    private void assertAnswer(final String method, final String path, final String body, final int status, final int code) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(server.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", RestSchemaRegistry.CONTENT_TYPE).build(), HttpResponse.BodyHandlers.ofString());
        final JsonNode error = new ObjectMapper().readTree(response.body());
        assertThat(response.statusCode()).as(method + " " + path).isEqualTo(status);
        assertThat(error.path("error_code").asInt()).as(method + " " + path).isEqualTo(code);
        assertThat(error.path("message").asText()).as(method + " " + path).isNotBlank();
    }

    private static String body(final Schema schema) {
        return new ObjectMapper().createObjectNode().put("schema", schema.toString()).toString();
    }

    @Test
    void checksCompatibilityAtTheSubjectsLevel() {
        final SchemaRegistry client = client();
        client.register(SUBJECT, TURN);

        assertThat(client.incompatibilities(SUBJECT, TestSchemas.turnWithOptionalSentiment())).isEmpty();
        assertThat(client.incompatibilities(SUBJECT, TestSchemas.turnWithRequiredScore()))
                .singleElement().asString().contains("READER_FIELD_MISSING_DEFAULT_VALUE", "score");
        server.store().setCompatibility(SUBJECT, Compatibility.NONE);
        assertThat(client.incompatibilities(SUBJECT, TestSchemas.turnWithRequiredScore())).isEmpty();
    }

    @Test
    void retriesServerErrorsWithBackOffThenSucceeds() {
        server.answerNext(503, "{\"error_code\": 50003, \"message\": \"Error while forwarding the request to the primary\"}");
        server.answerNext(500, "{\"error_code\": 50001, \"message\": \"Error in the backend data store\"}");

        assertThat(client().register(SUBJECT, TURN)).isEqualTo(1);
        assertThat(server.requests()).hasSize(3);
    }

    @Test
    void gettingNoAnswerIsRegistryUnavailableAfterTheRetriesNeverABadRecord() {
        final long started = System.nanoTime();
        final SchemaRegistry client = RegistryConfig.parse(Map.of(RegistryConfig.URL, "http://127.0.0.1:" + TestEnvironment.freePort(),
                RegistryConfig.MAX_RETRIES, "3", RegistryConfig.RETRIES_WAIT_MS, "40", RegistryConfig.RETRIES_MAX_WAIT_MS, "80")).client();

        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryUnavailableException.class)
                .isNotInstanceOf(SerializationException.class).hasMessageContaining("after 4 attempts").hasMessageContaining("GET /schemas/ids/1");
        // Back-off 40 + 80 + 80 ms (capped), so at least 200 ms.
        assertThat((System.nanoTime() - started) / 1_000_000).isGreaterThanOrEqualTo(200);
    }

    @Test
    void movesOnToTheNextUrlWhenOneGivesNoAnswer() {
        final SchemaRegistry client = RegistryConfig.parse(Map.of(RegistryConfig.URL, "http://127.0.0.1:" + TestEnvironment.freePort() + ", " + server.url(),
                RegistryConfig.MAX_RETRIES, "1", RegistryConfig.RETRIES_WAIT_MS, "10")).client();

        assertThat(client.register(SUBJECT, TURN)).isEqualTo(1);
    }

    @Test
    void malformedAnswersAreClearErrorsNotRetriedAndNotBadRecords() {
        final SchemaRegistry client = client();
        server.answerNext(200, "<html>proxy login</html>");
        assertThatThrownBy(() -> client.register(SUBJECT, TURN)).isInstanceOfSatisfying(RegistryErrorException.class,
                e -> assertThat(e.errorCode()).isEqualTo(RegistryErrorException.MALFORMED)).hasMessageContaining("not JSON: <html>proxy login</html>");
        server.answerNext(200, "{\"ok\": true}");
        assertThatThrownBy(() -> client.register(SUBJECT, TURN)).hasMessageContaining("no integer 'id'");
        server.answerNext(200, "{\"schema\": \"{\\\"type\\\": \\\"mystery\\\"}\"}");
        assertThatThrownBy(() -> client.schemaById(1)).isInstanceOf(RegistryErrorException.class).hasMessageContaining("its schema is not Avro");
        server.answerNext(200, "{\"is_compatible\": \"maybe\"}");
        assertThatThrownBy(() -> client.incompatibilities(SUBJECT, TURN)).hasMessageContaining("no boolean is_compatible");
        server.answerNext(401, "<html>Unauthorized</html>");
        assertThatThrownBy(() -> client.latest(SUBJECT)).isInstanceOfSatisfying(RegistryErrorException.class,
                e -> assertThat(e.status()).isEqualTo(401)).hasMessageContaining("HTTP 401").hasMessageContaining("<html>Unauthorized</html>");
        assertThat(server.requests()).hasSize(5);
    }

    @Test
    void aSchemaThatIsNotAvroIsTheRecordsFault() {
        server.answerNext(200, "{\"schemaType\": \"PROTOBUF\", \"schema\": \"syntax = \\\"proto3\\\";\"}");

        assertThatThrownBy(() -> client().schemaById(5)).isInstanceOf(UnknownSchemaException.class)
                .hasMessage("schema id 5 is a PROTOBUF schema; tidewatch reads Avro only");
    }

    @Test
    void sendsBasicCredentialsFromUserInfoOrFromTheUrl() throws IOException {
        server.requireBasicAuth("tide", "s3cret:too");

        assertThatThrownBy(() -> client().register(SUBJECT, TURN)).isInstanceOfSatisfying(RegistryErrorException.class,
                e -> assertThat(e.status()).isEqualTo(401));
        assertThat(client(RegistryConfig.CREDENTIALS_SOURCE, "USER_INFO", RegistryConfig.USER_INFO, "tide:s3cret:too").register(SUBJECT, TURN)).isEqualTo(1);
        final String withUserInfo = server.url().replace("http://", "http://tide:s3cret%3Atoo@");
        assertThat(client(RegistryConfig.URL, withUserInfo).register("other", TURN)).isEqualTo(1);
    }

    @Test
    void subjectsAreEncodedAsOnePathSegment() {
        final SchemaRegistry client = client();
        client.register("odd/subject name", TURN);

        assertThat(server.store().subjects()).containsExactly("odd/subject name");
        assertThat(client.latest("odd/subject name").version()).isEqualTo(1);
        assertThat(server.requests()).contains("GET /subjects/odd%2Fsubject%20name/versions/latest");
    }
}
