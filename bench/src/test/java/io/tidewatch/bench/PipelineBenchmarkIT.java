package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.embed.MiniLmEmbedder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code bench pipeline --with-ceiling} for real: the app on the embedded broker, by turns with a recording ceiling. */
class PipelineBenchmarkIT {

    @Test
    void eachSegmentIsScoredByThePipelineAndTimedByTheCeilingOnTheSameTextsWithTheOrderAlternating() throws Exception {
        final List<String> texts = BenchTexts.realistic(250);
        final List<List<String>> givenToCeiling = new ArrayList<>();
        final List<PipelineBenchmark.Segment> heardOf = new ArrayList<>();

        final PipelineBenchmark.Interleaved run;
        try (HashingEmbedder embedder = new HashingEmbedder(MiniLmEmbedder.DIMENSION)) {
            run = PipelineBenchmark.runInterleaved(embedder, texts, 2, "reply", 0, 100, chunk -> {
                givenToCeiling.add(List.copyOf(chunk));
                return 2.5;
            }, heardOf::add);
        }

        assertThat(givenToCeiling).containsExactly(texts.subList(0, 100), texts.subList(100, 200), texts.subList(200, 250));
        assertThat(heardOf).isEqualTo(run.segments());
        assertThat(run.segments()).extracting(PipelineBenchmark.Segment::replies).containsExactly(100, 100, 50);
        assertThat(run.segments()).extracting(PipelineBenchmark.Segment::ceilingFirst).containsExactly(true, false, true);
        assertThat(run.segments()).extracting(PipelineBenchmark.Segment::ceilingSeconds).containsOnly(2.5);
        assertThat(run.segments()).allSatisfy(s -> {
            assertThat(s.pipelineSeconds()).isPositive();
            assertThat(s.modelSeconds()).isPositive().isLessThanOrEqualTo(s.pipelineSeconds());
        });
    }
}
