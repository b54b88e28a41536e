package io.tidewatch.registry;

import io.tidewatch.avro.ConversationTurn;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The input the stack tests feed the app with the hashing embedder: two models, one of which
 * starts talking like a pirate, and the one-concept catalog that sees it.
 */
public final class PirateTraffic {

    public static final String STEADY = "m-steady";
    public static final String DRIFTING = "m-drift";
    public static final String CATALOG = """
            concepts:
              - id: pirate-talk
                description: talks like a pirate
                positive_examples: ["arr matey ahoy", "treasure plunder galleon arr", "ahoy matey treasure"]
                negative_examples: ["the weather recipe garden", "python function travel budget", "email meeting coffee"]
            """;
    private static final List<String> NEUTRAL = List.of("the", "weather", "recipe", "garden", "python", "function", "travel",
            "budget", "email", "meeting", "exercise", "sleep", "coffee", "history", "river", "library");
    private static final List<String> PIRATE = List.of("arr", "matey", "ahoy", "treasure", "plunder", "galleon");

    private PirateTraffic() {
    }

    /**
     * Twenty turns a minute per model for {@code minutes}, ending hours ago (brokers refuse
     * timestamps far in the future); from minute {@code driftFrom} half of the drifting model's
     * words are pirate words. The same arguments give the same turns.
     */
    public static List<ConversationTurn> turns(final int minutes, final int driftFrom) {
        final SplittableRandom random = new SplittableRandom(11);
        final Instant start = Instant.now().minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS);
        final List<ConversationTurn> turns = new ArrayList<>();
        for (int i = 0; i < minutes * 20; i++) {
            final Instant at = start.plusMillis(i * 3_000L);
            final boolean drifting = !at.isBefore(start.plus(Duration.ofMinutes(driftFrom)));
            turns.add(turn(STEADY, "s-" + i, at, reply(random, 0)));
            turns.add(turn(DRIFTING, "d-" + i, at, reply(random, drifting ? 0.5 : 0)));
        }
        return turns;
    }

    private static String reply(final SplittableRandom random, final double pirateShare) {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            final List<String> pool = random.nextDouble() < pirateShare ? PIRATE : NEUTRAL;
            text.append(pool.get(random.nextInt(pool.size()))).append(' ');
        }
        return text.toString().strip();
    }

    private static ConversationTurn turn(final String model, final String id, final Instant at, final String response) {
        return ConversationTurn.newBuilder().setConversationId(id).setTurn(0).setTimestamp(at).setModel(model)
                .setResponse(response).setAttributes(Map.of()).build();
    }
}
