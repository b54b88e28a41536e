package io.tidewatch.alertmanager;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidewatch.alertmanager.AlertmanagerAlerts.Posted;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/** Posts alerts to Alertmanager's v2 API ({@code POST /api/v2/alerts}). */
public final class AlertmanagerClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI alerts;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param base Alertmanager's address, for example {@code http://alertmanager:9093} */
    public AlertmanagerClient(final URI base) {
        final String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        this.alerts = base.resolve(path + "/api/v2/alerts");
    }

    /** The endpoint posted to. */
    public URI endpoint() {
        return alerts;
    }

    /**
     * Posts {@code posts} in one request.
     *
     * @throws IOException when Alertmanager cannot be reached or answers other than 200, with its answer
     */
    public void post(final List<Posted> posts) throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(alerts).timeout(TIMEOUT)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body(posts))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("Alertmanager at " + alerts + " answered " + response.statusCode() + ": " + response.body().strip());
        }
    }

    /** The request body: Alertmanager's postableAlerts. */
    static String body(final List<Posted> posts) {
        final ArrayNode array = JSON.createArrayNode();
        for (final Posted post : posts) {
            final ObjectNode alert = array.addObject();
            post.labels().forEach(alert.putObject("labels")::put);
            post.annotations().forEach(alert.putObject("annotations")::put);
            alert.put("startsAt", post.startsAt().toString());
            if (post.endsAt() != null) {
                alert.put("endsAt", post.endsAt().toString());
            }
        }
        return array.toString();
    }
}
