package io.tidewatch.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class TicksTest {

    private static final Instant NINE = Instant.parse("2025-03-14T09:00:00Z");

    @Test
    void timeTicksFallOnRoundUtcClockTimes() {
        final Instant from = NINE.plusSeconds(7 * 60 + 13);
        final Instant to = NINE.plusSeconds(2 * 3600);
        final long step = Ticks.timeStep(from, to, 12);

        assertThat(step).isEqualTo(600_000);
        assertThat(Ticks.times(from, to, step)).first().isEqualTo(NINE.plusSeconds(600));
        assertThat(Ticks.times(from, to, step)).last().isEqualTo(to);
    }

    @Test
    void theDateIsPrintedOnTheFirstTickAndWhereADayBegins() {
        assertThat(Ticks.timeLabel(NINE, 600_000, true)).containsExactly("09:00", "Mar 14");
        assertThat(Ticks.timeLabel(NINE, 600_000, false)).containsExactly("09:00", "");
        assertThat(Ticks.timeLabel(Instant.parse("2025-03-15T00:00:00Z"), 3_600_000, false))
                .containsExactly("00:00", "Mar 15");
        assertThat(Ticks.timeLabel(NINE, 86_400_000, false)).containsExactly("2025-03-14", "");
    }

    @Test
    void longRangesStepInWholeWeeks() {
        assertThat(Ticks.timeStep(NINE, NINE.plusSeconds(400L * 86_400), 12)).isEqualTo(5 * 604_800_000L);
    }

    @Test
    void valueTicksAreRoundAndFreeOfFloatingPointNoise() {
        assertThat(Ticks.values(-0.013, 0.047, 4)).containsExactly(0.0, 0.02, 0.04);
        assertThat(Ticks.values(-0.05, 0.35, 4)).containsExactly(0.0, 0.1, 0.2, 0.3);
        assertThat(Ticks.valueLabel(0.04, Ticks.valueStep(-0.013, 0.047, 4))).isEqualTo("0.04");
        assertThat(Ticks.valueLabel(25, Ticks.valueStep(0, 32, 4))).isEqualTo("25");
    }

    @Test
    void numbersForPeopleHaveFourSignificantDigitsAndNoTrailingZeros() {
        assertThat(Html.num(6.3)).isEqualTo("6.3");
        assertThat(Html.num(-0.06)).isEqualTo("-0.06");
        assertThat(Html.num(19.3612)).isEqualTo("19.36");
        assertThat(Html.num(1.5e-7)).isEqualTo("1.500e-07");
        assertThat(Html.num(Double.NaN)).isEqualTo("–");
    }
}
