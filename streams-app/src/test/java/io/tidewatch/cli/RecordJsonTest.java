package io.tidewatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConceptExplanation;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.Exemplar;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

class RecordJsonTest {

    private static DriftAlert alert() {
        return DriftAlert.newBuilder()
                .setAlertId("abc").setState(AlertState.OPEN).setDetector("unexplained-shift").setConcept(null)
                .setSegment(Map.of("model", "v2"))
                .setEventTime(Instant.parse("2026-01-01T01:00:00Z"))
                .setWindowStart(Instant.parse("2026-01-01T00:40:00Z")).setWindowEnd(Instant.parse("2026-01-01T01:00:00Z"))
                .setStatistic(12.5).setThreshold(11).setObservedMean(0.1).setReferenceMean(0.05).setEffectSize(0.4)
                .setSampleCount(480)
                .setExemplars(List.of(new Exemplar("c-1", 3, "an excerpt", "an excerpt", 0.7)))
                .setExplainedBy(List.of(new ConceptExplanation("model-rights-advocacy", 0.12)))
                .build();
    }

    @Test
    void oneObjectWithTheAvroFieldNamesAndPlainValues() throws Exception {
        final JsonNode json = new ObjectMapper().readTree(RecordJson.line(alert()));
        assertThat(json.get("alert_id").asText()).isEqualTo("abc");
        assertThat(json.get("state").asText()).isEqualTo("OPEN");
        assertThat(json.get("concept").isNull()).isTrue();
        assertThat(json.get("segment").get("model").asText()).isEqualTo("v2");
        assertThat(json.get("event_time").asText()).isEqualTo("2026-01-01T01:00:00Z");
        assertThat(json.get("sample_count").asLong()).isEqualTo(480);
        assertThat(json.get("exemplars").get(0).get("excerpt").asText()).isEqualTo("an excerpt");
        assertThat(json.get("explained_by").get(0).get("cosine").asDouble()).isEqualTo(0.12);
    }

    @Test
    void everySchemaFieldAppearsOnce() throws Exception {
        final JsonNode json = new ObjectMapper().readTree(RecordJson.line(alert()));
        assertThat(json.properties()).extracting(Map.Entry::getKey)
                .containsExactlyElementsOf(DriftAlert.getClassSchema().getFields().stream().map(Schema.Field::name).toList());
    }
}
