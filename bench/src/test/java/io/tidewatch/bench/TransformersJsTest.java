package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidewatch.embed.MiniLmEmbedder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformersJsTest {

    /**
     * The script loads what tidewatch embeds with: both builds of the model byte for byte, and the
     * tokenizer set to the embedder's recipe (256 tokens, no fixed padding) rather than the jar's 128.
     */
    @Test
    void theModelDirectoryHoldsTidewatchsModelsAndItsTokenizerRecipe(@TempDir final Path dir) throws Exception {
        TransformersJs.writeModel(dir);

        for (final var model : new Object[][] {{MiniLmEmbedder.Variant.FP32, "onnx/model.onnx"}, {MiniLmEmbedder.Variant.INT8, "onnx/model_quantized.onnx"}}) {
            try (var in = MiniLmEmbedder.class.getResourceAsStream(((MiniLmEmbedder.Variant) model[0]).modelResource())) {
                assertThat(Files.readAllBytes(dir.resolve((String) model[1]))).isEqualTo(in.readAllBytes());
            }
        }
        final JsonNode tokenizer = new ObjectMapper().readTree(dir.resolve("tokenizer.json").toFile());
        assertThat(tokenizer.get("padding").isNull()).isTrue();
        assertThat(tokenizer.get("truncation").get("max_length").asInt()).isEqualTo(MiniLmEmbedder.MAX_TOKENS);
        assertThat(tokenizer.get("model").get("vocab").size()).isEqualTo(30522);
        assertThat(new ObjectMapper().readTree(dir.resolve("tokenizer_config.json").toFile()).get("tokenizer_class").asText()).isEqualTo("BertTokenizer");
        assertThat(new ObjectMapper().readTree(dir.resolve("config.json").toFile()).get("hidden_size").asInt()).isEqualTo(MiniLmEmbedder.DIMENSION);
    }
}
