package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.tidewatch.embed.Embedder;
import io.tidewatch.embed.HashingEmbedder;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PipelineBenchmarkTest {

    private static PipelineBenchmark.Segment segment(final int replies, final double pipelineSeconds, final double modelSeconds,
                                                     final double ceilingSeconds) {
        return new PipelineBenchmark.Segment(replies, true, pipelineSeconds, modelSeconds, ceilingSeconds, Map.of(), Map.of());
    }

    @Test
    void theRatioIsTakenOverTheSumsOfTimeNotAsAMeanOfSegmentRatios() {
        // 100 replies: pipeline 10 s against a ceiling of 8 s (0.8); 300 replies: 20 s against 19 s (0.95).
        final PipelineBenchmark.Interleaved run = new PipelineBenchmark.Interleaved(List.of(
                segment(100, 10, 9, 8), segment(300, 20, 19.5, 19)));

        assertThat(run.replies()).isEqualTo(400);
        assertThat(run.pipelineRepliesPerSecond()).isCloseTo(400 / 30.0, within(1e-12));
        assertThat(run.ceilingRepliesPerSecond()).isCloseTo(400 / 27.0, within(1e-12));
        assertThat(run.ratio()).isCloseTo(0.9, within(1e-12));
        assertThat(run.modelBusy()).isCloseTo(28.5 / 30, within(1e-12));
        assertThat(run.segments().get(0).ratio()).isCloseTo(0.8, within(1e-12));
        assertThat(run.from(1).ratio()).isCloseTo(0.95, within(1e-12));
        assertThat(run.from(5).segments()).isEmpty();
        assertThat(run.pairs()).singleElement().isEqualTo(run);
    }

    @Test
    void theStandardErrorComesFromHowThePairsRatiosScatter() {
        // Pair ratios 0.8, 0.9 and 1.0: mean 0.9, sample variance 0.01, standard error 0.1 / sqrt(3).
        final PipelineBenchmark.Interleaved run = new PipelineBenchmark.Interleaved(List.of(
                segment(10, 5, 5, 4), segment(10, 5, 5, 4),
                segment(10, 5, 5, 4.5), segment(10, 5, 5, 4.5),
                segment(10, 5, 5, 5), segment(10, 5, 5, 5)));

        assertThat(run.ratioStandardError()).isCloseTo(0.1 / Math.sqrt(3), within(1e-12));
        assertThat(run.from(4).ratioStandardError()).isNaN();
    }

    @Test
    void theBenchPrintsTheErrorOnlyWhereTwoPairsGiveOne() {
        final PipelineBenchmark.Segment ratio08 = segment(10, 5, 5, 4);
        final PipelineBenchmark.Segment ratio10 = segment(10, 5, 5, 5);

        assertThat(BenchCommand.Pipeline.ratio(new PipelineBenchmark.Interleaved(List.of(ratio08, ratio08, ratio10, ratio10))))
                .isEqualTo("0.90 ± 0.10");
        assertThat(BenchCommand.Pipeline.ratio(new PipelineBenchmark.Interleaved(List.of(ratio08, ratio10))))
                .isEqualTo("0.90 (no error: fewer than two pairs)");
        assertThat(BenchCommand.Pipeline.ratio(new PipelineBenchmark.Interleaved(List.of()))).isEqualTo("none (no segments)");
    }

    @Test
    void pairsTakeTheSegmentsTwoByTwoAndALastOddOneAlone() {
        final List<PipelineBenchmark.Segment> segments = List.of(segment(1, 1, 1, 1), segment(2, 1, 1, 1), segment(3, 1, 1, 1));

        assertThat(new PipelineBenchmark.Interleaved(segments).pairs()).containsExactly(
                new PipelineBenchmark.Interleaved(segments.subList(0, 2)), new PipelineBenchmark.Interleaved(segments.subList(2, 3)));
    }

    @Test
    void aSegmentOfNoRepliesIsRefused() {
        assertThatThrownBy(() -> PipelineBenchmark.runInterleaved(new HashingEmbedder(4), List.of("a"), 1, "reply", 0, 0, t -> 1, s -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("segment must be at least 1, was 0");
    }

    @Test
    void everythingButTheModelIsTheAppsCpuMinusTheCpuItSpentInsideTheEmbedder() {
        // 1,000 replies on 0.5 CPU-seconds of the app's threads, 0.1 of them inside the embedder: 1,000 / 0.4.
        // After warm-up 900 replies on 0.45, 0.09 inside: 900 / 0.36. The calls' wall time, 0.2 s, is not subtracted.
        final PipelineBenchmark.Result result = new PipelineBenchmark.Result(1000, 2, 0, 0.3, 0, 0, 0.1, 0.2, 32, 0.5, 1.5, 900, 1.8, 0.45, 0.09,
                Map.of(), Map.of());

        assertThat(result.repliesPerAppCpuSecond()).isCloseTo(2000, within(1e-9));
        assertThat(result.repliesPerAppCpuSecondOutsideEmbedder()).isCloseTo(2500, within(1e-9));
        assertThat(result.steadyRepliesPerAppCpuSecondOutsideEmbedder()).isCloseTo(2500, within(1e-9));
    }

    @Test
    void theEmbedderIsChargedTheCpuItUsedNotTheTimeItsThreadWaited() throws Exception {
        // Sleeping stands for a thread waiting for a core (or for ONNX Runtime's own threads): wall time, no CPU of the caller.
        final PipelineBenchmark.TimedEmbedder sleeping = new PipelineBenchmark.TimedEmbedder(embedder(() -> sleep(300)), "app-7");
        onThread("app-7-StreamThread-1", () -> sleeping.embed(List.of("a")));
        assertThat(sleeping.cpuSeconds()).isLessThan(0.1);
        assertThat(sleeping.wallSeconds()).isGreaterThanOrEqualTo(0.3);

        final long spin = 50_000_000L;
        final PipelineBenchmark.TimedEmbedder busy = new PipelineBenchmark.TimedEmbedder(embedder(() -> burn(spin)), "app-7");
        onThread("app-7-StreamThread-1", () -> busy.embedBatch(List.of("a")));
        assertThat(busy.cpuSeconds()).isGreaterThanOrEqualTo(spin / 1e9);
        final double fromApp = busy.cpuSeconds();
        onThread("someone-else", () -> busy.embed(List.of("a")));
        assertThat(busy.cpuSeconds()).as("CPU of a thread the app's total does not count").isEqualTo(fromApp);
    }

    /** An embedder that does {@code work} in each call; {@code embedBatch} goes through {@code embed}. */
    private static Embedder embedder(final Runnable work) {
        final HashingEmbedder hashing = new HashingEmbedder(4);
        return new Embedder() {
            @Override
            public String modelId() {
                return hashing.modelId();
            }

            @Override
            public int dimension() {
                return hashing.dimension();
            }

            @Override
            public List<float[]> embed(final List<String> texts) {
                work.run();
                return hashing.embed(texts);
            }

            @Override
            public void close() {
                hashing.close();
            }
        };
    }

    private static void onThread(final String name, final Runnable call) throws InterruptedException {
        final Thread thread = new Thread(call, name);
        thread.start();
        thread.join();
    }

    private static void sleep(final long millis) {
        try {
            Thread.sleep(millis);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs until this thread has used {@code nanos} of CPU. */
    private static void burn(final long nanos) {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long start = threads.getCurrentThreadCpuTime();
        while (threads.getCurrentThreadCpuTime() - start < nanos) {
            Thread.onSpinWait();
        }
    }
}
