package io.tidewatch.cli;

import io.tidewatch.bench.BenchTexts;
import io.tidewatch.bench.OnnxCeiling;
import io.tidewatch.embed.Embedder;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.embed.MiniLmEmbedder;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Benchmarks that anyone can rerun on their own hardware; the README quotes their output. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measure throughput on this machine.",
        subcommands = {BenchCommand.Ceiling.class, BenchCommand.Pipeline.class})
final class BenchCommand {

    /** Bare ONNX Runtime on the model file: the ceiling the pipeline is measured against. */
    @Command(name = "ceiling", mixinStandardHelpOptions = true,
            description = "Bare ONNX Runtime inference on realistic-length replies (no Kafka, no tidewatch).",
            footer = {"", "Example:", "  ./tidewatch bench ceiling --model all-minilm-l6-v2-q --replies 2000"})
    static final class Ceiling implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "Model id. Default: ${DEFAULT-VALUE}.")
        String model;
        @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads; 0 = one per core (at most 4).")
        int threads;
        @Option(names = "--replies", defaultValue = "2000", description = "Replies to embed. Default: ${DEFAULT-VALUE}.")
        int replies;

        @Override
        public Integer call() {
            final MiniLmEmbedder.Variant variant = variant(model);
            final double rate = OnnxCeiling.repliesPerSecond(variant, threadsOrDefault(threads), BenchTexts.realistic(replies));
            spec.commandLine().getOut().printf(Locale.ROOT, "ceiling  model=%s threads=%d replies=%d  %.1f replies/s%n",
                    variant.id(), threadsOrDefault(threads), replies, rate);
            return 0;
        }
    }

    /** The whole app on the embedded broker, fed realistic replies. */
    @Command(name = "pipeline", mixinStandardHelpOptions = true,
            description = "The whole app on an embedded broker: input written first, then scored; prints replies/s and peak heap.",
            footer = {"", "Examples:", "  ./tidewatch bench pipeline --model all-minilm-l6-v2-q --replies 10000",
                    "  ./tidewatch bench pipeline --embedder hashing --replies 200000"})
    static final class Pipeline implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Option(names = "--model", defaultValue = "all-minilm-l6-v2", description = "Model id. Default: ${DEFAULT-VALUE}.")
        String model;
        @Option(names = "--embedder", defaultValue = "model",
                description = "model (the real model) or hashing (a trivial embedder: measures everything but the model).")
        String embedder;
        @Option(names = "--threads", defaultValue = "0", description = "Intra-op threads; 0 = one per core (at most 4).")
        int threads;
        @Option(names = "--replies", defaultValue = "10000", description = "Replies to score. Default: ${DEFAULT-VALUE}.")
        int replies;
        @Option(names = "--partitions", defaultValue = "2", description = "Partitions of the topics. Default: ${DEFAULT-VALUE}.")
        int partitions;
        @Option(names = "--with-ceiling", description = "Also measure the ceiling on the same texts and print the ratio.")
        boolean withCeiling;

        @Override
        public Integer call() throws InterruptedException {
            final PrintWriter out = spec.commandLine().getOut();
            final List<String> texts = BenchTexts.realistic(replies);
            final boolean hashing = switch (embedder) {
                case "model" -> false;
                case "hashing" -> true;
                default -> throw new ConfigException("--embedder must be model or hashing, not '" + embedder + "'");
            };
            final MiniLmEmbedder.Variant variant = variant(model);
            final PipelineBenchmark.Result result;
            try (Embedder e = hashing ? new HashingEmbedder(MiniLmEmbedder.DIMENSION)
                    : MiniLmEmbedder.fromClasspath(variant, threadsOrDefault(threads))) {
                result = PipelineBenchmark.run(e, texts, partitions);
            }
            final int cores = Runtime.getRuntime().availableProcessors();
            out.printf(Locale.ROOT, "pipeline embedder=%s replies=%d partitions=%d  %.1f replies/s (%.1f per core on %d cores)  peak heap %d MiB (max %d MiB)%n",
                    hashing ? "hashing" : variant.id(), result.replies(), partitions, result.repliesPerSecond(),
                    result.repliesPerSecond() / cores, cores, result.peakHeapBytes() >> 20, Runtime.getRuntime().maxMemory() >> 20);
            if (withCeiling && !hashing) {
                final double ceiling = OnnxCeiling.repliesPerSecond(variant, threadsOrDefault(threads), texts.subList(0, Math.min(2000, texts.size())));
                out.printf(Locale.ROOT, "ceiling  %.1f replies/s  pipeline/ceiling = %.2f%n", ceiling, result.repliesPerSecond() / ceiling);
            }
            return 0;
        }
    }

    private static MiniLmEmbedder.Variant variant(final String model) {
        try {
            return MiniLmEmbedder.Variant.of(model);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException("--model: " + e.getMessage());
        }
    }

    private static int threadsOrDefault(final int threads) {
        return threads > 0 ? threads : MiniLmEmbedder.defaultThreads();
    }
}
