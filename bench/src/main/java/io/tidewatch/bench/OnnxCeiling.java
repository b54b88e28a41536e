package io.tidewatch.bench;

import ai.djl.engine.Engine;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.embed.MiniLmEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToIntFunction;

/**
 * The hardware ceiling: ONNX Runtime's own Java API running the same model file on the same
 * texts, batches and threads as the pipeline, with tokenisation done beforehand and nothing
 * else in the loop. The pipeline is measured against this number.
 *
 * <p>The batches are the ones the pipeline can make: the texts, in order, are taken a flush at a
 * time (the score stage's batch size), and each flush is cut into forward passes by the
 * embedder's own rule on their token counts ({@link MiniLmEmbedder#passes}), each pass padded as
 * the embedder pads it ({@link MiniLmEmbedder#padded}). Sorting all texts at once would pad less
 * than any stream can, above all on benchmark texts that repeat (identical texts end up in one
 * pass), and the gap would be charged to the pipeline.
 *
 * <p>With sentence scoring the model's inputs are sentences: each flush's replies are cut into
 * sentences by the scorer's own splitter ({@link ReplyScorer#sentences}) and all of a flush's
 * sentences go to the embedder in one call, as {@link ReplyScorer#score} does.
 */
public final class OnnxCeiling {

    private OnnxCeiling() {
    }

    /**
     * The model loaded once and timed on many sets of texts, so that a benchmark can measure the
     * ceiling again and again next to the pipeline, as the machine's speed moves.
     */
    public static final class Session implements AutoCloseable {
        private final OrtEnvironment env;
        private final OrtSession session;
        private final HuggingFaceTokenizer tokenizer;

        private Session(final OrtEnvironment env, final OrtSession session, final HuggingFaceTokenizer tokenizer) {
            this.env = env;
            this.session = session;
            this.tokenizer = tokenizer;
        }

        public static Session open(final MiniLmEmbedder.Variant variant, final int threads) {
            // ONNX Runtime has one environment per process. DJL's engine creates it with options of its own and
            // fails if it already exists, so DJL goes first and the ceiling runs in the environment the pipeline uses.
            Engine.getEngine("OnnxRuntime");
            final OrtEnvironment env = OrtEnvironment.getEnvironment();
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                 InputStream json = resource(variant.tokenizerResource())) {
                options.setIntraOpNumThreads(threads);
                return new Session(env, env.createSession(readModel(variant), options),
                        HuggingFaceTokenizer.newInstance(json, MiniLmEmbedder.TOKENIZER_OPTIONS));
            } catch (final OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Seconds of bare inference over whole replies, as {@link #seconds(List, int, ReplyScorer.Mode)} with reply scoring. */
        public double seconds(final List<String> texts, final int flush) {
            return seconds(texts, flush, ReplyScorer.Mode.REPLY);
        }

        /**
         * Seconds of bare inference over the replies {@code texts} in flushes of {@code flush}, on what
         * {@code mode} embeds (whole replies or their sentences); tokenised and warmed up with one
         * batch beforehand.
         */
        public double seconds(final List<String> texts, final int flush, final ReplyScorer.Mode mode) {
            return seconds(texts, flush, mode, MiniLmEmbedder.MAX_PASS_TOKENS);
        }

        /** {@link #seconds(List, int, ReplyScorer.Mode)} with passes of at most {@code passTokens} padded tokens. */
        public double seconds(final List<String> texts, final int flush, final ReplyScorer.Mode mode, final int passTokens) {
            final List<Encoding[]> batches = batches(texts, flush, mode, text -> tokenizer.encode(text).getIds().length, passTokens).stream()
                    .map(tokenizer::batchEncode).toList();
            try {
                run(batches.get(0));
                final long start = System.nanoTime();
                for (final Encoding[] batch : batches) {
                    run(batch);
                }
                return (System.nanoTime() - start) / 1e9;
            } catch (final OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
            }
        }

        private void run(final Encoding[] batch) throws OrtException {
            try (OnnxTensor ids = tensor(batch, Encoding::getIds);
                 OnnxTensor mask = tensor(batch, Encoding::getAttentionMask);
                 OnnxTensor types = tensor(batch, Encoding::getTypeIds);
                 OrtSession.Result ignored = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
                // The output is not pooled: the ceiling is inference alone.
            }
        }

        private OnnxTensor tensor(final Encoding[] batch, final Function<Encoding, long[]> field) throws OrtException {
            final long[] data = MiniLmEmbedder.padded(batch, field);
            return OnnxTensor.createTensor(env, LongBuffer.wrap(data), new long[] {batch.length, data.length / batch.length});
        }

        @Override
        public void close() {
            tokenizer.close();
            try {
                session.close();
            } catch (final OrtException e) {
                throw new IllegalStateException("ONNX Runtime failed to close the session: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The forward passes, as the model's input texts, that the pipeline runs on the replies {@code
     * texts} arriving in order, flushed {@code flush} at a time and scored by {@code mode}; {@code
     * tokens} counts a text's tokens, and a pass holds at most {@code passTokens} padded tokens.
     */
    static List<List<String>> batches(final List<String> texts, final int flush, final ReplyScorer.Mode mode, final ToIntFunction<String> tokens,
                                      final int passTokens) {
        if (flush < 1) {
            throw new IllegalArgumentException("flush must be at least 1, was " + flush);
        }
        final List<List<String>> batches = new ArrayList<>();
        for (int from = 0; from < texts.size(); from += flush) {
            final List<String> inputs = inputs(texts.subList(from, Math.min(texts.size(), from + flush)), mode);
            for (final List<Integer> pass : MiniLmEmbedder.passes(inputs.stream().mapToInt(tokens).toArray(), passTokens)) {
                batches.add(pass.stream().map(inputs::get).toList());
            }
        }
        return batches;
    }

    /** What one flush of replies gives the embedder in one call. */
    private static List<String> inputs(final List<String> replies, final ReplyScorer.Mode mode) {
        return switch (mode) {
            case REPLY -> replies;
            case SENTENCE -> replies.stream().flatMap(reply -> ReplyScorer.sentences(reply).stream()).toList();
        };
    }

    private static byte[] readModel(final MiniLmEmbedder.Variant variant) {
        try (InputStream in = resource(variant.modelResource())) {
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream resource(final String name) {
        final InputStream in = OnnxCeiling.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + name + " is missing");
        }
        return in;
    }
}
