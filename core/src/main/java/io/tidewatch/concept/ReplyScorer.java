package io.tidewatch.concept;

import io.tidewatch.embed.Embedder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Scores replies on the concept catalog, either as whole replies or sentence by sentence. Mean
 * pooling over a whole reply averages a single leaning sentence away; scored per sentence, the
 * reply's score on a concept is its highest-scoring sentence, so one such sentence stands out.
 * The reply's embedding is then the normalised mean of its sentence embeddings, so the model runs
 * once per sentence and never a second time for the whole reply.
 */
public final class ReplyScorer {

    /** A reply is cut into at most this many sentences; the last one holds the rest of the text. */
    static final int MAX_SENTENCES = 32;

    // A sentence ends at . ! or ? (and any closing quotes or brackets) followed by space and a
    // capital, digit or opening quote; a line break always ends one. "e.g. foo" does not split.
    private static final Pattern SENTENCE_BREAK =
            Pattern.compile("(?<=[.!?][\"'”’)\\]]{0,2})\\s+(?=[\"'“‘(\\[]?[\\p{Lu}\\p{N}])|\\s*\\R\\s*");

    /** How replies are scored. */
    public enum Mode {
        /** Embed the whole reply once and project it. */
        REPLY,
        /** Embed each sentence; a concept's score is the maximum over sentences. */
        SENTENCE;

        /** Parses {@code reply} or {@code sentence}. */
        public static Mode parse(final String text) {
            for (final Mode mode : values()) {
                if (mode.name().equalsIgnoreCase(text.strip())) {
                    return mode;
                }
            }
            throw new IllegalArgumentException("unknown scoring mode '" + text + "': expected sentence or reply");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One reply's scores and embedding.
     *
     * @param scores    projection on each concept, by concept id, in catalog order
     * @param embedding the reply's unit embedding
     * @param truncated whether the model saw only the start of the reply (or of one of its
     *                  sentences) because it exceeds the model's input window
     * @param sentences the sentences the reply was scored by, in order; empty when scored whole
     * @param top       index in {@code sentences} of the sentence that gave each concept its
     *                  score, by concept id, in catalog order; empty when scored whole
     * @param unusual   index of the sentence least like the rest of the reply (see
     *                  {@link #UNUSUAL_MIN_WORDS}), or -1 when no sentence qualifies: where a
     *                  theme is woven into an otherwise ordinary reply, it is usually that sentence
     */
    public record Scored(Map<String, Double> scores, float[] embedding, boolean truncated, List<String> sentences,
                         Map<String, Integer> top, int unusual) {

        /** A reply scored whole, with no sentences to point at. */
        public Scored(final Map<String, Double> scores, final float[] embedding, final boolean truncated) {
            this(scores, embedding, truncated, List.of(), Map.of(), -1);
        }
    }

    /**
     * Sentences shorter than this many words are never the unusual one: a greeting or "Hope this
     * helps!" is unlike the rest of almost any reply and says nothing about its theme.
     */
    public static final int UNUSUAL_MIN_WORDS = 6;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final Embedder embedder;
    private final ConceptCatalog catalog;
    private final Mode mode;

    public ReplyScorer(final Embedder embedder, final ConceptCatalog catalog, final Mode mode) {
        this.embedder = embedder;
        this.catalog = catalog;
        this.mode = mode;
    }

    /**
     * Replies' scores and their prompts' scores.
     *
     * @param prompts each prompt's projection on each concept, embedded whole; empty for a turn without a prompt
     */
    public record Batch(List<Scored> replies, List<Map<String, Double>> prompts) {
    }

    /** Scores a batch of replies with one call to the embedder. */
    public List<Scored> score(final List<String> replies) {
        return score(replies, Collections.nCopies(replies.size(), null)).replies();
    }

    /**
     * Scores a batch of replies, and their prompts (null or blank for none), with one call to the
     * embedder. A prompt is embedded whole, short as it is; in the same call as the replies'
     * texts, the embedder's passes (sorted by length) carry it with sentences of its length
     * instead of in passes of its own.
     */
    public Batch score(final List<String> replies, final List<String> prompts) {
        final List<String> texts = new ArrayList<>();
        final int[] first = new int[replies.size() + 1];
        for (int i = 0; i < replies.size(); i++) {
            first[i] = texts.size();
            if (mode == Mode.REPLY) {
                texts.add(replies.get(i));
            } else {
                texts.addAll(sentences(replies.get(i)));
            }
        }
        first[replies.size()] = texts.size();
        final int[] promptAt = new int[prompts.size()];
        for (int i = 0; i < prompts.size(); i++) {
            final String prompt = prompts.get(i);
            promptAt[i] = prompt == null || prompt.isBlank() ? -1 : texts.size();
            if (promptAt[i] >= 0) {
                texts.add(prompt);
            }
        }
        final Embedder.Batch batch = embedder.embedBatch(texts);
        final List<Scored> scored = new ArrayList<>(replies.size());
        for (int i = 0; i < replies.size(); i++) {
            if (mode == Mode.REPLY) {
                final float[] e = batch.vectors().get(first[i]);
                scored.add(new Scored(catalog.score(e), e, batch.truncated().get(first[i])));
            } else {
                final boolean truncated = !batch.truncated().get(first[i], first[i + 1]).isEmpty();
                scored.add(combine(texts.subList(first[i], first[i + 1]), batch.vectors().subList(first[i], first[i + 1]), truncated));
            }
        }
        final List<Map<String, Double>> promptScores = new ArrayList<>(prompts.size());
        for (final int at : promptAt) {
            promptScores.add(at < 0 ? Map.of() : catalog.score(batch.vectors().get(at)));
        }
        return new Batch(scored, promptScores);
    }

    /** The sentences of a reply; a reply without a break is one sentence. */
    public static List<String> sentences(final String reply) {
        final List<String> sentences = new ArrayList<>();
        for (final String part : SENTENCE_BREAK.split(reply.strip(), MAX_SENTENCES)) {
            if (!part.isBlank()) {
                sentences.add(part.strip());
            }
        }
        return sentences.isEmpty() ? List.of(reply) : sentences;
    }

    private Scored combine(final List<String> sentences, final List<float[]> sentenceEmbeddings, final boolean truncated) {
        final Map<String, Double> scores = new LinkedHashMap<>();
        final Map<String, Integer> top = new LinkedHashMap<>();
        for (int s = 0; s < sentenceEmbeddings.size(); s++) {
            final int index = s;
            catalog.score(sentenceEmbeddings.get(s)).forEach((concept, score) -> {
                final Double best = scores.get(concept);
                if (best == null || score > best) {
                    scores.put(concept, score);
                    top.put(concept, index);
                }
            });
        }
        final double[] sum = VectorMath.mean(sentenceEmbeddings);
        return new Scored(scores, unit(sum), truncated, List.copyOf(sentences), top, unusual(sentences, sentenceEmbeddings, sum));
    }

    /**
     * The sentence of at least {@link #UNUSUAL_MIN_WORDS} words whose embedding has the lowest
     * cosine with the mean of the reply's other sentences; -1 for a reply of one sentence.
     */
    static int unusual(final List<String> sentences, final List<float[]> embeddings, final double[] mean) {
        final int n = embeddings.size();
        if (n < 2) {
            return -1;
        }
        int unusual = -1;
        double lowest = Double.POSITIVE_INFINITY;
        for (int s = 0; s < n; s++) {
            if (WHITESPACE.split(sentences.get(s)).length < UNUSUAL_MIN_WORDS) {
                continue;
            }
            // The mean of the others is (n·mean − e)/(n − 1); its scale does not change the cosine.
            final float[] e = embeddings.get(s);
            double dot = 0;
            double norm = 0;
            for (int j = 0; j < e.length; j++) {
                final double other = n * mean[j] - e[j];
                dot += e[j] * other;
                norm += other * other;
            }
            final double cosine = norm > 0 ? dot / Math.sqrt(norm) : 1;
            if (cosine < lowest) {
                lowest = cosine;
                unusual = s;
            }
        }
        return unusual;
    }

    private static float[] unit(final double[] v) {
        double norm = 0;
        for (final double x : v) {
            norm += x * x;
        }
        final double scale = norm > 0 ? 1.0 / Math.sqrt(norm) : 0.0;
        final float[] unit = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            unit[i] = (float) (v[i] * scale);
        }
        return unit;
    }
}
