package io.tidewatch.demo;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.concept.ReplyCorpus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The demo's synthetic traffic, as a pure function of the turn index: two models answer in
 * turn; after {@code driftStart} the drifting model mixes in replies that lean toward
 * model-rights advocacy, their share growing linearly to {@code maxShare} over {@code ramp}.
 * The steady model never drifts. The same seed always gives the same traffic.
 */
public final class DemoTraffic {

    public static final String STEADY_MODEL = "assistant-v1";
    public static final String DRIFTING_MODEL = "assistant-v2";
    private static final List<String> MODELS = List.of(STEADY_MODEL, DRIFTING_MODEL);

    private final Plan plan;
    private final List<String> ordinary;
    private final List<String> advocacy;

    /**
     * @param turnsPerMinute event-time turns per minute for each model
     */
    public record Plan(Instant start, int turnsPerMinute, Duration driftStart, Duration ramp, double maxShare, long seed) {

        public static Plan defaults(final Instant start) {
            // Sized so a 5-minute demo on two cores reaches the drift: 20 minutes of calibration,
            // drift from minute 25, full share by minute 40.
            return new Plan(start, 30, Duration.ofMinutes(25), Duration.ofMinutes(15), 0.3, 42L);
        }
    }

    public DemoTraffic(final Plan plan) {
        this(plan, corpus("ordinary-replies.txt"), corpus("advocacy-replies.txt"));
    }

    DemoTraffic(final Plan plan, final List<String> ordinary, final List<String> advocacy) {
        this.plan = plan;
        this.ordinary = ordinary;
        this.advocacy = advocacy;
    }

    /** The {@code index}-th turn of the demo. */
    public ConversationTurn turn(final long index) {
        final String model = MODELS.get((int) (index % MODELS.size()));
        final long sequence = index / MODELS.size();
        final Instant timestamp = plan.start().plusMillis(sequence * 60_000L / plan.turnsPerMinute());
        final SplittableRandom random = new SplittableRandom(plan.seed() * 1_000_003L + index);
        final boolean drifted = model.equals(DRIFTING_MODEL) && random.nextDouble() < advocacyShare(timestamp);
        final List<String> pool = drifted ? advocacy : ordinary;
        return ConversationTurn.newBuilder()
                .setConversationId("demo-" + model + "-" + sequence)
                .setTurn(0)
                .setTimestamp(timestamp)
                .setModel(model)
                .setPrompt(null)
                .setResponse(pool.get(random.nextInt(pool.size())))
                .setTenant("demo")
                .setLocale("en-US")
                .setAttributes(Map.of())
                .build();
    }

    /** Share of advocacy replies in the drifting model at {@code time}. */
    public double advocacyShare(final Instant time) {
        final long sinceDrift = Duration.between(plan.start().plus(plan.driftStart()), time).toMillis();
        if (sinceDrift < 0) {
            return 0;
        }
        return plan.maxShare() * Math.min(1.0, (double) sinceDrift / plan.ramp().toMillis());
    }

    public Plan plan() {
        return plan;
    }

    /** Reads a corpus shipped with the app: one reply per line, '#' lines skipped. */
    public static List<String> corpus(final String name) {
        return ReplyCorpus.fromResource("/io/tidewatch/demo/" + name);
    }
}
