package io.tidewatch.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"200ms,PT0.2S", "30s,PT30S", "5m,PT5M", "24h,PT24H", "7d,PT168H", "PT1M,PT1M", " 2h ,PT2H"})
    void parsesShortAndIsoForms(final String text, final String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "m5", "5 minutes", "-5m", "1.5h", "P"})
    void rejectsAnythingElseWithTheExpectedForms(final String text) {
        assertThatThrownBy(() -> Durations.parse(text)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not a duration").hasMessageContaining("24h");
    }
}
