package io.tidewatch.detect;

import static io.tidewatch.detect.MonitorDriver.MINUTE;
import static io.tidewatch.detect.MonitorDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.stats.PromptAttribution;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Concept alerts judge the model and say who moved. Replies follow their prompts (reply score =
 * 0.5 × prompt score + noise) in the reference; afterwards either the prompts move (users ask
 * about the concept's subject more: the model unchanged), or the model answers the same prompts
 * higher, or both.
 */
class PromptAttributionDetectionTest {

    private static final String CONCEPT = MonitorDriver.CONCEPT;

    /** An hour of reference and then half an hour of traffic whose prompts moved by {@code promptShift} and replies by {@code modelShift} beyond them; the CUSUM OPENs. */
    private static List<Alert> opens(final double promptShift, final double modelShift, final boolean withPrompts, final long seed) {
        final SegmentMonitor monitor = new SegmentMonitor(MonitorDriver.settings(false), Map.of());
        final SegmentState state = new SegmentState("model=m");
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Alert> alerts = new ArrayList<>();
        for (int minute = 0; minute < 120; minute++) {
            final boolean after = minute >= 62;
            for (int i = 0; i < 40; i++) {
                final double prompt = (after ? promptShift : 0.0) + 0.1 * random.nextGaussian();
                final double reply = 0.5 * prompt + (after ? modelShift : 0.0) + 0.05 * random.nextGaussian();
                alerts.addAll(monitor.accept(state, new ScoredReply("c-" + minute + "-" + i, 0, T0 + minute * MINUTE + i * 1000L,
                        Map.of(CONCEPT, reply), null, new float[0], Map.of(), new int[0], List.of(),
                        withPrompts ? Map.of(CONCEPT, prompt) : Map.of())).alerts());
            }
        }
        return MonitorDriver.opens(alerts, SegmentMonitor.CUSUM);
    }

    private static Alert firstOpen(final double promptShift, final double modelShift, final boolean withPrompts, final long seed) {
        return opens(promptShift, modelShift, withPrompts, seed).get(0);
    }

    /**
     * The prompts move one spread (0.1) and the replies follow along the reference's line (0.05,
     * 0.7 reply spreads, found within minutes when judged alone): the detectors judge the
     * prompt-adjusted score, which did not move. Unscored, the same prompts' move opens an alert.
     */
    @Test
    void aMoveThePromptsPredictOpensNothingAndWithoutPromptsItWould() {
        for (long seed = 1; seed <= 5; seed++) {
            assertThat(opens(0.1, 0.0, true, seed)).as("seed %d", seed).isEmpty();
            assertThat(opens(0.1, 0.0, false, seed)).as("seed %d", seed).isNotEmpty();
        }
    }

    @Test
    void aMoveOnTheSamePromptsIsTheModels() {
        final Map<String, String> details = firstOpen(0.0, 0.05, true, 2).finding().details();
        assertThat(details).containsEntry(PromptAttribution.CAUSE, "model");
        assertThat(Double.parseDouble(details.get("prompt_share"))).isLessThan(PromptAttribution.PROMPTS_NONE);
    }

    @Test
    void aMoveBeyondWhatThePromptsPredictNamesBoth() {
        // Prompts predict 0.05 of a 0.10 move; the model's own 0.05 is far beyond noise by the time the CUSUM opens.
        final Map<String, String> details = firstOpen(0.1, 0.05, true, 3).finding().details();
        assertThat(details).containsEntry(PromptAttribution.CAUSE, "prompts-and-model");
    }

    @Test
    void withoutScoredPromptsAnAlertNamesNoCause() {
        assertThat(firstOpen(0.0, 0.05, false, 4).finding().details()).doesNotContainKey(PromptAttribution.CAUSE);
    }
}
