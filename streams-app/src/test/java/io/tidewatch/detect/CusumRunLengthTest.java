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

    @Test
    void averagedOverReferenceErrorsTheAlarmRateMatchesTheTarget() {
        // Each deployment has its own persistent reference error ε ~ N(0, 0.2²); the threshold is set
        // so that the alarm rate averaged over deployments is 1/500 per observation.
        final double s = 0.2;
        final Cusum cusum = new Cusum(0.5, CusumThreshold.forAverageRate(0.5, 500, s).orElseThrow());
        final Random random = new Random(20_240_602L);
        long alarms = 0;
        final int deployments = 400;
        final int steps = 20_000;
        for (int d = 0; d < deployments; d++) {
            final double error = s * random.nextGaussian();
            double statistic = 0.0;
            for (int t = 0; t < steps; t++) {
                statistic = cusum.update(statistic, random.nextGaussian() + error);
                if (statistic > cusum.h()) {
                    alarms++;
                    statistic = 0.0;
                }
            }
        }
        // Expected 8,000,000 / 500 = 16,000 alarms; heavy-tailed across deployments, so allow ±20%.
        assertThat(alarms * 500.0 / ((long) deployments * steps)).isBetween(0.8, 1.2);
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
