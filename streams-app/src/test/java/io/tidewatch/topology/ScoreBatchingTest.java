package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** When the score stage embeds: a full batch at once, a partial one when its oldest turn has waited the linger (100 ms here). */
class ScoreBatchingTest {

    private static void pipeOne(final TopologyFixture f, final String id) {
        f.pipe(TopologyFixture.turn("m", id, TopologyFixture.T0, f.reply(0)));
    }

    @Test
    void aPartialBatchWaitsForItsLingerEvenWhenAFlushTickComesSooner() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(8))) {
            f.driver.advanceWallClockTime(Duration.ofMillis(90));
            pipeOne(f, "a");
            pipeOne(f, "b");

            // 20 ms later: a tick of a fixed 100 ms schedule has passed, but the turns have waited 20 ms.
            f.driver.advanceWallClockTime(Duration.ofMillis(20));
            assertThat(f.metrics.turnsScored()).isZero();

            f.driver.advanceWallClockTime(Duration.ofMillis(85));
            assertThat(f.metrics.turnsScored()).isEqualTo(2);
            assertThat(f.metrics.embeddingBatches()).isEqualTo(1);
        }
    }

    @Test
    void theLingerRunsFromTheOldestTurnOfTheBatch() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(8))) {
            pipeOne(f, "a");
            f.driver.advanceWallClockTime(Duration.ofMillis(60));
            pipeOne(f, "b");
            f.driver.advanceWallClockTime(Duration.ofMillis(45));

            // "a" has waited 105 ms, "b" 45 ms: both go in one batch, and the next turn starts a new wait.
            assertThat(f.metrics.turnsScored()).isEqualTo(2);
            pipeOne(f, "c");
            f.driver.advanceWallClockTime(Duration.ofMillis(50));
            assertThat(f.metrics.turnsScored()).isEqualTo(2);
            // "c" came right after a flush, so its wait starts when that flush ended (a few real milliseconds later).
            f.driver.advanceWallClockTime(Duration.ofMillis(75));
            assertThat(f.metrics.turnsScored()).isEqualTo(3);
        }
    }

    @Test
    void aFullBatchIsEmbeddedAtOnce() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(3))) {
            pipeOne(f, "a");
            pipeOne(f, "b");
            assertThat(f.metrics.turnsScored()).isZero();
            pipeOne(f, "c");
            assertThat(f.metrics.turnsScored()).isEqualTo(3);
            assertThat(f.metrics.embeddingBatches()).isEqualTo(1);
        }
    }
}
