package io.tidewatch.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void levelsAreNamedAsInConfluentsApi() {
        assertThat(Compatibility.parse("full_transitive")).isEqualTo(Compatibility.FULL_TRANSITIVE);
        assertThatThrownBy(() -> Compatibility.parse("SIDEWAYS")).isInstanceOfSatisfying(RegistryErrorException.class,
                e -> assertThat(e.is(RegistryError.INVALID_COMPATIBILITY_LEVEL)).isTrue());
    }
}
