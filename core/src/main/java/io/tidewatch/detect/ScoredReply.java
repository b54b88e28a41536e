package io.tidewatch.detect;

import io.tidewatch.describe.Passage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One reply's scores as the detector sees them.
 *
 * @param embedding the reply's unit embedding; empty when embeddings are not carried
 * @param versions  version of each scored concept's definition the reply was scored with: names
 *                  exactly the scored concepts, "" for one whose version was not recorded (a map
 *                  naming others is narrowed to them), so a bucket counts versions by map
 * @param terms     hashes of the reply's distinct terms ({@link io.tidewatch.describe.Terms#hashes}),
 *                  counted beside its embedding to put an unexplained shift into words; empty when not carried
 * @param passages  the reply's sentences that scored, and the one least like the rest, with their
 *                  neighbouring text ({@link io.tidewatch.describe.Passages}); empty when not carried
 * @param prompts   the prompt's projection on each concept, by concept id (scored with the same
 *                  definitions as the reply); empty when prompts are not scored
 */
public record ScoredReply(String conversationId, int turn, long timestamp, Map<String, Double> scores, String excerpt,
                          float[] embedding, Map<String, String> versions, int[] terms, List<Passage> passages,
                          Map<String, Double> prompts) {

    private static final int[] NO_TERMS = {};

    public ScoredReply {
        versions = versionsOf(scores, versions);
        passages = List.copyOf(passages);
        prompts = Map.copyOf(prompts);
    }

    /** A reply whose prompt was not scored. */
    public ScoredReply(final String conversationId, final int turn, final long timestamp, final Map<String, Double> scores,
                       final String excerpt, final float[] embedding, final Map<String, String> versions, final int[] terms,
                       final List<Passage> passages) {
        this(conversationId, turn, timestamp, scores, excerpt, embedding, versions, terms, passages, Map.of());
    }

    /** A reply that carries no passages. */
    public ScoredReply(final String conversationId, final int turn, final long timestamp, final Map<String, Double> scores,
                       final String excerpt, final float[] embedding, final Map<String, String> versions, final int[] terms) {
        this(conversationId, turn, timestamp, scores, excerpt, embedding, versions, terms, List.of());
    }

    /** The passage centred on the sentence that gave {@code concept} its score, or null when none was carried. */
    public Passage passageOf(final String concept) {
        for (final Passage passage : passages) {
            if (passage.concepts().contains(concept)) {
                return passage;
            }
        }
        return null;
    }

    /** A reply that carries no term hashes. */
    public ScoredReply(final String conversationId, final int turn, final long timestamp, final Map<String, Double> scores,
                       final String excerpt, final float[] embedding, final Map<String, String> versions) {
        this(conversationId, turn, timestamp, scores, excerpt, embedding, versions, NO_TERMS);
    }

    /** {@code versions} as a reply scored with {@code scores} holds them: itself (shared) when it names exactly the scored concepts. */
    private static Map<String, String> versionsOf(final Map<String, Double> scores, final Map<String, String> versions) {
        if (versions.keySet().equals(scores.keySet())) {
            return versions;
        }
        final Map<String, String> covering = new HashMap<>();
        scores.keySet().forEach(concept -> covering.put(concept, versions.getOrDefault(concept, "")));
        return Map.copyOf(covering);
    }

    /** A reply scored on concepts whose versions were not recorded. */
    public ScoredReply(final String conversationId, final int turn, final long timestamp, final Map<String, Double> scores,
                       final String excerpt, final float[] embedding) {
        this(conversationId, turn, timestamp, scores, excerpt, embedding, Map.of());
    }

    /** Version of the concept the reply was scored with; empty when not recorded. */
    public String version(final String concept) {
        return versions.getOrDefault(concept, "");
    }
}
