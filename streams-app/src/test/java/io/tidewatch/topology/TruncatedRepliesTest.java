package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.embed.MiniLmEmbedder;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Replies longer than the model's 256-token window are scored on their start and counted in
 * {@code tidewatch_turns_truncated_total}, never dropped; with the real tokenizer, so the window is
 * the model's own.
 */
class TruncatedRepliesTest {

    private static final String MODEL = "m-verbose";
    /** One sentence of 400 words: beyond the window whether scored whole or per sentence. */
    private static final String RUN_ON = String.join(" ", Collections.nCopies(400, "garden"));
    /** 60 short sentences (362 tokens): beyond the window as one reply, but every sentence fits. */
    private static final String MANY_SENTENCES = String.join(" ", Collections.nCopies(60, "The river is calm today."));
    private static MiniLmEmbedder embedder;

    @BeforeAll
    static void loadModel() {
        embedder = MiniLmEmbedder.fromClasspath(1);
    }

    @AfterAll
    static void closeModel() {
        embedder.close();
    }

    @Test
    void replyScoringScoresLongRepliesOnTheirStartAndCountsThem() {
        final Map<String, Double> truncated = run(ReplyScorer.Mode.REPLY);

        assertThat(truncated).containsExactly(Map.entry("model=" + MODEL, 2.0));
    }

    @Test
    void sentenceScoringCountsOnlyRepliesWithASentenceBeyondTheWindow() {
        final Map<String, Double> truncated = run(ReplyScorer.Mode.SENTENCE);

        assertThat(truncated).containsExactly(Map.entry("model=" + MODEL, 1.0));
    }

    /** Pipes a short reply, the run-on one and the many-sentence one; returns the truncation counter by segment. */
    private static Map<String, Double> run(final ReplyScorer.Mode mode) {
        final ScoringSettings scoring = new ScoringSettings(3, Duration.ofMillis(100), List.of("model"), 280, mode, true, Duration.ofHours(1),
                Duration.ofSeconds(30), true, List.of(), 1.0, List.of());
        try (TopologyFixture f = new TopologyFixture(scoring, embedder)) {
            final TestOutputTopic<String, ScoredTurn> scored = f.driver.createOutputTopic(f.topics.scored(), new StringDeserializer(),
                    f.serdes.forType(ScoredTurn.class).deserializer());
            f.pipe(TopologyFixture.turn(MODEL, "short", TopologyFixture.T0, "The weather is fine."));
            f.pipe(TopologyFixture.turn(MODEL, "run-on", TopologyFixture.T0.plusSeconds(1), RUN_ON));
            f.pipe(TopologyFixture.turn(MODEL, "sentences", TopologyFixture.T0.plusSeconds(2), MANY_SENTENCES));

            // Without the heartbeat to the detect stage, which carries no value.
            assertThat(scored.readValuesToList().stream().filter(java.util.Objects::nonNull)).extracting(t -> t.getConversationId().toString())
                    .containsExactly("short", "run-on", "sentences");
            assertThat(f.deadLetters.isEmpty()).isTrue();
            return f.metrics.registry().scrape().stream()
                    .filter(m -> m.getMetadata().getPrometheusName().equals("tidewatch_turns_truncated") && m instanceof CounterSnapshot)
                    .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
                    .collect(Collectors.toMap(p -> p.getLabels().get("segment"), CounterSnapshot.CounterDataPointSnapshot::getValue));
        }
    }
}
