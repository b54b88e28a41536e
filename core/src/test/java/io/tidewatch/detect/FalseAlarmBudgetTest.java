package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FalseAlarmBudgetTest {

    @Test
    void parsesTheDocumentedForms() {
        assertThat(FalseAlarmBudget.parse("1/30d")).isEqualTo(new FalseAlarmBudget(1.0, Duration.ofDays(30)));
        assertThat(FalseAlarmBudget.parse("2/7d")).isEqualTo(new FalseAlarmBudget(2.0, Duration.ofDays(7)));
        assertThat(FalseAlarmBudget.parse("1/12h")).isEqualTo(new FalseAlarmBudget(1.0, Duration.ofHours(12)));
        assertThat(FalseAlarmBudget.parse("0.5/1d")).isEqualTo(new FalseAlarmBudget(0.5, Duration.ofDays(1)));
        assertThat(FalseAlarmBudget.parse(" 3 / 2w ")).isEqualTo(new FalseAlarmBudget(3.0, Duration.ofDays(14)));
        assertThat(FalseAlarmBudget.parse("1/90m")).isEqualTo(new FalseAlarmBudget(1.0, Duration.ofMinutes(90)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "30d", "1/30", "1/30y", "a/30d", "-1/30d", "1/-30d", "1/30d extra", "1/1.5d"})
    void rejectsMalformedTextNamingItAndTheExpectedForm(final String text) {
        assertThatThrownBy(() -> FalseAlarmBudget.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'")
                .hasMessageContaining("e.g. 1/30d");
    }

    @Test
    void rejectsZeroAlarmsAndEmptyPeriods() {
        assertThatThrownBy(() -> FalseAlarmBudget.parse("0/30d")).hasMessageContaining("'0/30d'");
        assertThatThrownBy(() -> FalseAlarmBudget.parse("1/0d")).hasMessageContaining("'1/0d'");
        assertThatThrownBy(() -> FalseAlarmBudget.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultIsOnePerThirtyDays() {
        assertThat(FalseAlarmBudget.defaultBudget()).isEqualTo(FalseAlarmBudget.parse("1/30d"));
    }

    @Test
    void splitsTheBudgetOverStreams() {
        // 30 days = 30 × 1440 = 43,200 one-minute buckets; 10 streams sharing 1 alarm: 10 × 43,200 / 1 = 432,000.
        assertThat(FalseAlarmBudget.defaultBudget().streamArl0Buckets(Duration.ofMinutes(1), 10))
                .isCloseTo(432_000.0, within(1e-6));
        // 2 per 7 days with 5-minute buckets, 1 stream: 7 × 288 / 2 = 1,008.
        assertThat(FalseAlarmBudget.parse("2/7d").streamArl0Buckets(Duration.ofMinutes(5), 1))
                .isCloseTo(1_008.0, within(1e-9));
    }

    @Test
    void rejectsNonPositiveBucketOrStreams() {
        final FalseAlarmBudget budget = FalseAlarmBudget.defaultBudget();
        assertThatThrownBy(() -> budget.streamArl0Buckets(Duration.ZERO, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> budget.streamArl0Buckets(Duration.ofMinutes(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
