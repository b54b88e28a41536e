package io.tidewatch.demo;

import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.describe.Passage;
import io.tidewatch.describe.Passages;
import io.tidewatch.describe.Terms;
import io.tidewatch.detect.ScoredReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Chat traffic made of the project's reply corpora: each corpus is scored once with the real
 * scorer, then replies are drawn from it at random. Drawing from scored pools gives exactly what
 * embedding every drawn reply would, at a fraction of the cost.
 */
public final class CorpusTraffic {

    public static final String ORDINARY = "ordinary-replies.txt";
    public static final String ADVOCACY = "advocacy-replies.txt";
    public static final String BRAND = "brand-replies.txt";

    private static final int BATCH = 32;
    private static final int EXCERPT = 280;

    private CorpusTraffic() {
    }

    /**
     * The replies of one corpus with their scores, embeddings, term hashes ({@link Terms#hashes})
     * and passages ({@link Passages}), and their prompts' scores (empty for a corpus of replies alone).
     */
    public record Pool(String name, List<String> texts, List<ReplyScorer.Scored> scored, List<int[]> terms, List<List<Passage>> passages,
                       List<Map<String, Double>> prompts) {

        /** Loads and scores a corpus shipped with the app. */
        public static Pool of(final String corpus, final ReplyScorer scorer) {
            return of(corpus, DemoTraffic.corpus(corpus), null, scorer);
        }

        /** The replies of a simulator topic ({@link TopicCorpus}), scored. */
        public static Pool of(final TopicCorpus corpus, final ReplyScorer scorer) {
            return of(corpus.topic(), corpus.replies(), corpus.prompts(), scorer);
        }

        /** @param prompts the replies' prompts, or null for none */
        private static Pool of(final String name, final List<String> texts, final List<String> prompts, final ReplyScorer scorer) {
            final List<ReplyScorer.Scored> scored = new ArrayList<>(texts.size());
            final List<Map<String, Double>> promptScores = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i += BATCH) {
                final int end = Math.min(texts.size(), i + BATCH);
                final ReplyScorer.Batch batch = scorer.score(texts.subList(i, end),
                        prompts == null ? Collections.nCopies(end - i, null) : prompts.subList(i, end));
                scored.addAll(batch.replies());
                promptScores.addAll(batch.prompts());
            }
            final List<List<Passage>> passages = new ArrayList<>(texts.size());
            for (int i = 0; i < texts.size(); i++) {
                passages.add(Passages.of(texts.get(i), scored.get(i), EXCERPT));
            }
            return new Pool(name, texts, List.copyOf(scored), texts.stream().map(Terms::hashes).toList(), List.copyOf(passages),
                    List.copyOf(promptScores));
        }
    }

    /** The replies of {@code model} among the simulator's {@code turns}, each as {@code pools} (by corpus name) scored its text. */
    public static List<ScoredReply> replies(final List<TrafficSimulator.Turn> turns, final String model, final Map<String, Pool> pools) {
        final List<ScoredReply> replies = new ArrayList<>();
        for (final TrafficSimulator.Turn turn : turns) {
            if (turn.model().equals(model)) {
                final Pool pool = pools.get(turn.topic());
                final String text = pool.texts().get(turn.pair());
                replies.add(new ScoredReply(turn.conversationId(), turn.turn(), turn.timestamp(), pool.scored().get(turn.pair()).scores(),
                        text.substring(0, Math.min(EXCERPT, text.length())), pool.scored().get(turn.pair()).embedding(), Map.of(),
                        pool.terms().get(turn.pair()), pool.passages().get(turn.pair()), pool.prompts().get(turn.pair())));
            }
        }
        return replies;
    }

    /**
     * One segment's traffic: {@code perMinute} replies a minute from {@code start} for
     * {@code length}; from {@code mixFrom} on, each reply is drawn from {@code mix} with
     * probability {@code share}, otherwise from {@code ordinary}. A reply's conversation id starts
     * with the name of the pool it came from.
     */
    public static List<ScoredReply> segment(final Pool ordinary, final Pool mix, final double share, final long start,
                                            final Duration length, final Duration mixFrom, final int perMinute, final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final long replies = length.toMinutes() * perMinute;
        final List<ScoredReply> traffic = new ArrayList<>((int) replies);
        for (long i = 0; i < replies; i++) {
            final long at = start + i * 60_000L / perMinute;
            final Pool pool = at - start >= mixFrom.toMillis() && random.nextDouble() < share ? mix : ordinary;
            final int pick = random.nextInt(pool.texts().size());
            final String text = pool.texts().get(pick);
            traffic.add(new ScoredReply(pool.name() + "#" + pick + "@" + i, 0, at, pool.scored().get(pick).scores(),
                    text.substring(0, Math.min(EXCERPT, text.length())), pool.scored().get(pick).embedding(), Map.of(),
                    pool.terms().get(pick), pool.passages().get(pick), pool.prompts().get(pick)));
        }
        return traffic;
    }
}
