package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks Siegmund's threshold against simulated in-control run lengths on N(0,1) data. */
class CusumRunLengthTest {

    private static final int RUNS = 2_000;

    @Test
    void empiricalInControlRunLengthMatchesTheTarget() {
        final Cusum cusum = Cusum.forBudget(0.5, 500);
        final Random random = new Random(20_240_601L);
        long total = 0;
        for (int run = 0; run < RUNS; run++) {
            total += runLength(cusum, random);
        }
        final double mean = (double) total / RUNS;
        // The standard error of the mean is about 500 / √2000 ≈ 11; Siegmund is within a few percent.
        assertThat(mean).isBetween(250.0, 1_000.0);
    }

    private static long runLength(final Cusum cusum, final Random random) {
        double s = 0.0;
        long n = 0;
        while (s <= cusum.h()) {
            s = cusum.update(s, random.nextGaussian());
            n++;
        }
        return n;
    }
}
