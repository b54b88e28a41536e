package io.tidewatch.concept;

import io.tidewatch.embed.Embedder;
import java.util.ArrayList;
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
     */
    public record Scored(Map<String, Double> scores, float[] embedding, boolean truncated) {
    }

    private final Embedder embedder;
    private final ConceptCatalog catalog;
    private final Mode mode;

    public ReplyScorer(final Embedder embedder, final ConceptCatalog catalog, final Mode mode) {
        this.embedder = embedder;
        this.catalog = catalog;
        this.mode = mode;
    }

    /** Scores a batch of replies with one call to the embedder. */
    public List<Scored> score(final List<String> replies) {
        if (mode == Mode.REPLY) {
            final Embedder.Batch batch = embedder.embedBatch(replies);
            final List<Scored> scored = new ArrayList<>(replies.size());
            for (int i = 0; i < replies.size(); i++) {
                final float[] e = batch.vectors().get(i);
                scored.add(new Scored(catalog.score(e), e, batch.truncated().get(i)));
            }
            return scored;
        }
        final List<String> sentences = new ArrayList<>();
        final int[] firstSentence = new int[replies.size() + 1];
        for (int i = 0; i < replies.size(); i++) {
            firstSentence[i] = sentences.size();
            sentences.addAll(sentences(replies.get(i)));
        }
        firstSentence[replies.size()] = sentences.size();
        final Embedder.Batch batch = embedder.embedBatch(sentences);
        final List<Scored> scored = new ArrayList<>(replies.size());
        for (int i = 0; i < replies.size(); i++) {
            final boolean truncated = !batch.truncated().get(firstSentence[i], firstSentence[i + 1]).isEmpty();
            scored.add(combine(batch.vectors().subList(firstSentence[i], firstSentence[i + 1]), truncated));
        }
        return scored;
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

    private Scored combine(final List<float[]> sentenceEmbeddings, final boolean truncated) {
        final Map<String, Double> scores = new LinkedHashMap<>();
        for (final float[] sentence : sentenceEmbeddings) {
            catalog.score(sentence).forEach((concept, score) -> scores.merge(concept, score, Math::max));
        }
        return new Scored(scores, unit(VectorMath.mean(sentenceEmbeddings)), truncated);
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
