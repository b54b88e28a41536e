package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.SegmentStats;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;

/** The compatibility levels enforced by the in-memory registry (mock:// and the test HTTP registry). */
class CompatibilityTest {

    private static final List<Schema> HISTORY = List.of(TestSchemas.TURN);

    @Test
    void levelsCheckTheDirectionsConfluentDefines() {
        final Schema addsRequiredField = TestSchemas.turnWithRequiredScore();
        final Schema dropsRequiredField = TestSchemas.turnWithout("response");

        assertThat(Compatibility.BACKWARD.incompatibilities(addsRequiredField, HISTORY)).singleElement().asString().contains("score");
        assertThat(Compatibility.FORWARD.incompatibilities(addsRequiredField, HISTORY)).isEmpty();
        assertThat(Compatibility.BACKWARD.incompatibilities(dropsRequiredField, HISTORY)).isEmpty();
        assertThat(Compatibility.FORWARD.incompatibilities(dropsRequiredField, HISTORY)).singleElement().asString().contains("response");
        assertThat(Compatibility.FULL.incompatibilities(dropsRequiredField, HISTORY)).isNotEmpty();
        assertThat(Compatibility.FULL.incompatibilities(TestSchemas.turnWithOptionalSentiment(), HISTORY)).isEmpty();
        assertThat(Compatibility.NONE.incompatibilities(addsRequiredField, HISTORY)).isEmpty();
    }

    @Test
    void transitiveLevelsCheckEveryEarlierVersionNotJustTheLatest() {
        final List<Schema> history = List.of(TestSchemas.turnWithout("response"), TestSchemas.TURN);
        final Schema candidate = TestSchemas.turnWithOptionalSentiment();

        assertThat(Compatibility.BACKWARD.incompatibilities(candidate, history)).isEmpty();
        assertThat(Compatibility.BACKWARD_TRANSITIVE.incompatibilities(candidate, history)).singleElement().asString()
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE", "response");
    }

    /**
     * Every published form of a schema tidewatch writes stays readable by and with the current one,
     * in both directions, so that subscribers on a registry with FULL_TRANSITIVE compatibility take
     * an upgrade without a coordinated release. The history folder holds each earlier form.
     */
    @Test
    void theDriftAlertSchemaIsFullyCompatibleWithEveryEarlierForm() throws IOException {
        final List<Schema> history = new ArrayList<>();
        for (final String form : List.of("0.1", "0.2", "0.3", "0.4")) {
            try (InputStream in = CompatibilityTest.class.getResourceAsStream("history/DriftAlert-" + form + ".avsc")) {
                history.add(new Schema.Parser().parse(in));
            }
        }
        assertThat(history.get(0).getField("description")).as("the first form lacks the description added since").isNull();
        assertThat(history.get(1).getField("description").schema().getTypes().get(1).getField("terms"))
                .as("the second form lacks the description's terms added since").isNull();
        assertThat(history.get(2).getField("exemplars").schema().getElementType().getField("sentence"))
                .as("the third form lacks the exemplar's sentence added since").isNull();
        assertThat(history.get(3).getField("incident")).as("the fourth form lacks the incident added since").isNull();
        assertThat(Compatibility.FULL_TRANSITIVE.incompatibilities(DriftAlert.getClassSchema(), history)).isEmpty();
    }

    @Test
    void theSegmentStatsSchemaIsFullyCompatibleWithEveryEarlierForm() throws IOException {
        try (InputStream in = CompatibilityTest.class.getResourceAsStream("history/SegmentStats-0.1.avsc")) {
            final Schema first = new Schema.Parser().parse(in);
            assertThat(first.getField("concepts").schema().getElementType().getField("judged_mean"))
                    .as("the first form lacks the judged mean added since").isNull();
            assertThat(Compatibility.FULL_TRANSITIVE.incompatibilities(SegmentStats.getClassSchema(), List.of(first))).isEmpty();
        }
    }

    @Test
    void levelsAreNamedAsInConfluentsApi() {
        assertThat(Compatibility.parse("full_transitive")).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThatThrownBy(() -> Compatibility.parse("SIDEWAYS")).isInstanceOfSatisfying(RegistryErrorException.class,
                e -> assertThat(e.is(RegistryError.INVALID_COMPATIBILITY_LEVEL)).isTrue());
    }
}
