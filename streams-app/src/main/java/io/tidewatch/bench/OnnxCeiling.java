package io.tidewatch.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.tidewatch.embed.MiniLmEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * The hardware ceiling: ONNX Runtime's own Java API running the same model file on the same
 * texts, batches and threads as the pipeline, with tokenisation done beforehand and nothing
 * else in the loop. The pipeline is measured against this number.
 */
public final class OnnxCeiling {

    private OnnxCeiling() {
    }

    /** Replies per second of bare inference over {@code texts}, after one warm-up batch. */
    public static double repliesPerSecond(final MiniLmEmbedder.Variant variant, final int threads, final List<String> texts) {
        final List<Encoding[]> batches = tokenize(variant, texts);
        final OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            try (OrtSession session = env.createSession(readModel(variant), options)) {
                run(env, session, batches.get(0));
                final long start = System.nanoTime();
                for (final Encoding[] batch : batches) {
                    run(env, session, batch);
                }
                return texts.size() / ((System.nanoTime() - start) / 1e9);
            }
        } catch (final OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        }
    }

    private static void run(final OrtEnvironment env, final OrtSession session, final Encoding[] batch) throws OrtException {
        final int seq = batch[0].getIds().length;
        final long[] shape = {batch.length, seq};
        try (OnnxTensor ids = tensor(env, batch, Encoding::getIds, shape);
             OnnxTensor mask = tensor(env, batch, Encoding::getAttentionMask, shape);
             OnnxTensor types = tensor(env, batch, Encoding::getTypeIds, shape);
             OrtSession.Result ignored = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            // The output is not pooled: the ceiling is inference alone.
        }
    }

    private static OnnxTensor tensor(final OrtEnvironment env, final Encoding[] batch,
                                     final java.util.function.Function<Encoding, long[]> field, final long[] shape) throws OrtException {
        final LongBuffer buffer = LongBuffer.allocate((int) (shape[0] * shape[1]));
        for (final Encoding encoding : batch) {
            buffer.put(field.apply(encoding));
        }
        buffer.flip();
        return OnnxTensor.createTensor(env, buffer, shape);
    }

    /** Same grouping as the embedder: shortest texts together, {@link MiniLmEmbedder#MAX_BATCH} per pass. */
    private static List<Encoding[]> tokenize(final MiniLmEmbedder.Variant variant, final List<String> texts) {
        final List<String> sorted = texts.stream().sorted(Comparator.comparingInt(String::length)).toList();
        try (InputStream json = resource(variant.tokenizerResource());
             HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(json, MiniLmEmbedder.TOKENIZER_OPTIONS)) {
            final List<Encoding[]> batches = new ArrayList<>();
            for (int from = 0; from < sorted.size(); from += MiniLmEmbedder.MAX_BATCH) {
                batches.add(tokenizer.batchEncode(sorted.subList(from, Math.min(sorted.size(), from + MiniLmEmbedder.MAX_BATCH))));
            }
            return batches;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
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
