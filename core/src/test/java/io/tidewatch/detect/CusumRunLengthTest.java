package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Checks Siegmund's threshold against simulated in-control run lengths on N(0,1) data. */
class CusumRunLengthTest {

    private static final double TARGET = 500.0;
    /**
     * Exact in-control ARL of the CUSUM k = 0.5 at Siegmund's threshold for 500 (h = 4.3813), from
     * Page's integral equation L(u) = 1 + L(0)Φ(k − u) + ∫₀ʰ L(x)φ(x + k − u)dx solved on 400
     * Gauss–Legendre nodes (200 give the same to 1e-9): Siegmund's approximation overstates it by 0.8%.
     */
    private static final double EXACT_ARL = 496.02;
    /** Enough runs for a standard error of about 0.7% of the mean, in well under a second. */
    private static final int RUNS = 20_000;
    /** Standard errors allowed either side: a seed fails by chance with probability 6e-5. */
    private static final double ERRORS = 4.0;

    @Test
    void empiricalInControlRunLengthMatchesTheExactArlAtSiegmundsThreshold() {
        final Cusum cusum = Cusum.forBudget(0.5, TARGET);
        final Random random = new Random(20_240_601L);
        double sum = 0;
        double sumSquares = 0;
        for (int run = 0; run < RUNS; run++) {
            final long length = runLength(cusum, random);
            sum += length;
            sumSquares += (double) length * length;
        }
        final double mean = sum / RUNS;
        // Standard error of the mean from the runs' own spread, √(Σ(x − x̄)²/(N − 1) / N); run lengths are
        // nearly geometric, so it comes out near mean/√N ≈ 3.5 buckets and the band is about ±14 buckets.
        final double standardError = Math.sqrt((sumSquares - RUNS * mean * mean) / (RUNS - 1.0) / RUNS);
        assertThat(standardError).isBetween(0.8 * EXACT_ARL / Math.sqrt(RUNS), 1.2 * EXACT_ARL / Math.sqrt(RUNS));
        // A threshold solved for an ARL 15% off (exact ARL 422 or 570) or itself 15% off (252 or 968)
        // lies more than 5 bands away.
        assertThat(mean).isCloseTo(EXACT_ARL, within(ERRORS * standardError));
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
