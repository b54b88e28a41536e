package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.AlertState;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.ReferencePin;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.metrics.Scrape;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

class TidewatchTopologyTest {

    private static final String STEADY = "m-steady";
    private static final String DRIFTING = "m-drift";
    private static final int TURNS_PER_MINUTE = 20;

    /** Pipes {@code minutes} of traffic for both models; the drifting one mixes in pirate words from {@code driftFrom}. */
    private static int pipeTraffic(final TopologyFixture f, final int minutes, final int driftFrom, final double share) {
        return pipeTraffic(f, minutes, driftFrom, share, TopologyFixture.PIRATE);
    }

    private static int pipeTraffic(final TopologyFixture f, final int minutes, final int driftFrom, final double share,
                                   final List<String> theme) {
        int piped = 0;
        for (int i = 0; i < minutes * TURNS_PER_MINUTE; i++) {
            final Instant at = TopologyFixture.T0.plusMillis(i * 60_000L / TURNS_PER_MINUTE);
            final boolean drifting = at.isAfter(TopologyFixture.T0.plus(Duration.ofMinutes(driftFrom)));
            f.pipe(TopologyFixture.turn(STEADY, "s-" + i, at, f.reply(0)));
            f.pipe(TopologyFixture.turn(DRIFTING, "d-" + i, at, f.reply(drifting ? share : 0, theme)));
            piped += 2;
        }
        f.driver.advanceWallClockTime(Duration.ofSeconds(1));
        return piped;
    }

    @Test
    void aShiftInOneSegmentOpensAnAlertThereAndNowhereElse() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(8))) {
            pipeTraffic(f, 40, 20, 0.15);

            final List<DriftAlert> alerts = f.alerts.readValuesToList();
            assertThat(alerts).isNotEmpty().allSatisfy(a -> assertThat(a.getSegment()).isEqualTo(Map.of("model", DRIFTING)));
            assertThat(alerts).filteredOn(a -> a.getConcept() != null).allSatisfy(a -> assertThat(a.getConcept()).isEqualTo(TopologyFixture.CONCEPT));
            final DriftAlert open = alerts.stream().filter(a -> a.getDetector().equals("cusum")).findFirst().orElseThrow();
            assertThat(open.getState()).isEqualTo(AlertState.OPEN);
            assertThat(open.getEventTime()).isAfter(TopologyFixture.T0.plus(Duration.ofMinutes(20)));
            // The CUSUM's change-point estimate lands near the true change (minute 20); noise may pull it a little earlier.
            assertThat(open.getWindowStart()).isBetween(TopologyFixture.T0.plus(Duration.ofMinutes(16)), open.getEventTime());
            assertThat(open.getStatistic()).isGreaterThan(open.getThreshold());
            assertThat(open.getObservedMean()).isGreaterThan(open.getReferenceMean());
            assertThat(open.getEffectSize()).isPositive();
            assertThat(open.getExemplars()).isNotEmpty().allSatisfy(e -> assertThat(e.getConversationId()).startsWith("d-"));
            assertThat(open.getExemplars().get(0).getExcerpt()).containsAnyOf("arr", "matey", "ahoy", "treasure", "plunder", "galleon");
            // Scored sentence by sentence, each exemplar names the sentence that scored, and its excerpt holds it.
            assertThat(open.getExemplars()).allSatisfy(e -> assertThat(e.getExcerpt()).contains(e.getSentence()));
        }
    }

    @Test
    void promptsAreScoredOnTheCatalogWholeUnlessTurnedOff() {
        for (final boolean scorePrompts : new boolean[] {true, false}) {
            final ScoringSettings scoring = TopologyFixture.scoring(2).withScorePrompts(scorePrompts);
            try (TopologyFixture f = new TopologyFixture(scoring)) {
                final TestOutputTopic<String, ScoredTurn> scored = f.driver.createOutputTopic(f.topics.scored(), new StringDeserializer(),
                        f.serdes.forType(ScoredTurn.class).deserializer());
                final String sentence = "arr matey, the treasure is buried by the galleon";
                final ConversationTurn prompted = TopologyFixture.turn(STEADY, "p", TopologyFixture.T0, sentence);
                prompted.setPrompt(sentence);
                f.pipe(prompted);
                f.pipe(TopologyFixture.turn(STEADY, "q", TopologyFixture.T0.plusSeconds(1), sentence));
                final List<ScoredTurn> out = scored.readValuesToList().stream().filter(java.util.Objects::nonNull).toList();
                assertThat(out).extracting(t -> t.getConversationId()).containsExactly("p", "q");
                // A one-sentence reply scores as its whole text; the same text as a prompt scores the same.
                assertThat(out.get(0).getPromptScores()).isEqualTo(scorePrompts ? out.get(0).getScores() : Map.of());
                assertThat(out.get(1).getPromptScores()).as("a turn without a prompt").isEmpty();
            }
        }
    }

    @Test
    void excerptLengthsFollowTheFirstRuleATurnsLabelsMatch() {
        final ScoringSettings scoring = TopologyFixture.scoring(3)
                .withExcerptRules(ScoringSettings.excerptRules("tenant=acme:0,tenant=globex:40,model=" + STEADY + ":100"));
        try (TopologyFixture f = new TopologyFixture(scoring)) {
            final TestOutputTopic<String, ScoredTurn> scored = f.driver.createOutputTopic(f.topics.scored(), new StringDeserializer(),
                    f.serdes.forType(ScoredTurn.class).deserializer());
            final String reply = "Water the garden early in the morning before the sun is high. Arr matey, the treasure is buried by the "
                    + "galleon near the old harbour wall! Check the weather before you water the garden again tomorrow.";
            for (final String tenant : List.of("acme", "globex", "initech")) {
                final ConversationTurn turn = TopologyFixture.turn(STEADY, tenant, TopologyFixture.T0, reply);
                turn.setTenant(tenant);
                f.pipe(turn);
            }
            final Map<String, ScoredTurn> byTenant = new java.util.HashMap<>();
            scored.readValuesToList().stream().filter(java.util.Objects::nonNull).forEach(t -> byTenant.put(t.getConversationId(), t));
            // acme: ids only; globex: its own cap, though its model's rule comes later; initech: the model's rule.
            assertThat(byTenant.get("acme").getExcerpt()).isNull();
            assertThat(byTenant.get("acme").getPassages()).isEmpty();
            assertThat(byTenant.get("globex").getExcerpt()).hasSize(40);
            assertThat(byTenant.get("globex").getPassages()).isNotEmpty().allSatisfy(p -> assertThat(p.getExcerpt().length()).isLessThanOrEqualTo(40));
            assertThat(byTenant.get("initech").getExcerpt()).hasSize(100);
            assertThat(byTenant.get("initech").getPassages()).allSatisfy(p -> assertThat(p.getExcerpt().length()).isLessThanOrEqualTo(100))
                    .anySatisfy(p -> assertThat(p.getExcerpt().length()).isGreaterThan(40));
        }
    }

    @Test
    void anUnconfiguredThemeOpensAnUnexplainedShiftWhoseExemplarsCarryIt() {
        // Forty minutes of calibration give the shift test nine sketch coordinates ((40 − 1)/4).
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(8), Duration.ofMinutes(40))) {
            pipeTraffic(f, 70, 40, 0.3, TopologyFixture.BRAND);

            final List<DriftAlert> alerts = f.alerts.readValuesToList();
            final DriftAlert open = alerts.stream().filter(a -> a.getDetector().equals("unexplained-shift")).findFirst().orElseThrow();
            assertThat(open.getState()).isEqualTo(AlertState.OPEN);
            assertThat(open.getSegment()).isEqualTo(Map.of("model", DRIFTING));
            assertThat(open.getConcept()).isNull();
            assertThat(open.getExplainedBy()).extracting(e -> e.getConcept()).containsExactly(TopologyFixture.CONCEPT);
            assertThat(open.getExemplars()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.getConversationId()).startsWith("d-");
                assertThat(e.getExcerpt()).containsAnyOf(TopologyFixture.BRAND.toArray(String[]::new));
            });
            assertThat(open.getMessage()).contains("unexplained-shift").contains("model=" + DRIFTING);
            assertThat(alerts).allSatisfy(a -> assertThat(a.getSegment()).isEqualTo(Map.of("model", DRIFTING)));
        }
    }

    @Test
    void aRepinOnTheControlTopicIsAppliedAndRecordedAsAnAuditEvent() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(8))) {
            pipeTraffic(f, 30, 99, 0);
            final Instant requested = TopologyFixture.T0.plus(Duration.ofMinutes(31));
            f.control.pipeInput("model=" + DRIFTING, ReferencePin.newBuilder().setSegment(Map.of("model", DRIFTING))
                    .setSegmentKey("model=" + DRIFTING).setFrom(TopologyFixture.T0).setTo(TopologyFixture.T0.plus(Duration.ofMinutes(20)))
                    .setRequestedBy("ops").setReason("test").setRequestedAt(requested).build(), requested);

            final DriftAlert audit = f.alerts.readValuesToList().stream().filter(a -> a.getState() == AlertState.AUDIT).findFirst().orElseThrow();
            assertThat(audit.getDetector()).isEqualTo("reference-pin");
            assertThat(audit.getSegment()).isEqualTo(Map.of("model", DRIFTING));
            assertThat(audit.getEventTime()).isEqualTo(requested);
            // Widened to the whole hour that holds the period; twenty minutes of both halves of it were on record.
            assertThat(audit.getWindowStart()).isEqualTo(TopologyFixture.T0);
            assertThat(audit.getWindowEnd()).isEqualTo(TopologyFixture.T0.plus(Duration.ofHours(1)));
            assertThat(audit.getDetails()).containsEntry("outcome", "applied").containsEntry("requested_by", "ops")
                    .containsEntry("replies_on_record", Long.toString(29L * TURNS_PER_MINUTE));
            assertThat(audit.getMessage()).contains("re-pinned");
        }
    }

    @Test
    void garbageOnTheControlAndScoredTopicsIsDeadLetteredAndARepinAfterItStillApplies() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(8))) {
            pipeTraffic(f, 30, 99, 0);
            final Instant requested = TopologyFixture.T0.plus(Duration.ofMinutes(31));
            final var rawControl = f.driver.createInputTopic(f.topics.control(), new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            final var rawScored = f.driver.createInputTopic(f.topics.scored(), new org.apache.kafka.common.serialization.StringSerializer(),
                    new org.apache.kafka.common.serialization.ByteArraySerializer());
            rawControl.pipeInput("model=" + DRIFTING, "not a re-pin".getBytes(java.nio.charset.StandardCharsets.UTF_8), requested);
            rawScored.pipeInput("model=" + DRIFTING, new byte[] {0, 0, 0, 0, 42, 1, 2}, requested);
            f.control.pipeInput("model=" + DRIFTING, ReferencePin.newBuilder().setSegment(Map.of("model", DRIFTING))
                    .setSegmentKey("model=" + DRIFTING).setFrom(TopologyFixture.T0).setTo(TopologyFixture.T0.plus(Duration.ofMinutes(20)))
                    .setRequestedBy("ops").setReason("test").setRequestedAt(requested).build(), requested);

            assertThat(f.alerts.readValuesToList()).anySatisfy(a -> assertThat(a.getState()).isEqualTo(AlertState.AUDIT));
            assertThat(f.deadLetters.readValuesToList()).as("both records, as they were")
                    .anySatisfy(v -> assertThat(new String(v, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("not a re-pin"))
                    .anySatisfy(v -> assertThat(v).containsExactly(0, 0, 0, 0, 42, 1, 2));
        }
    }

    @Test
    void aScoredTurnWithAMalformedEmbeddingIsCountedAndItsScoresStillCount() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(8))) {
            final Instant at = TopologyFixture.T0.plusSeconds(30);
            // Only a hand-made record can carry 7 bytes where whole floats belong.
            final ScoredTurn handMade = ScoredTurn.newBuilder().setConversationId("hand-made").setTurn(0).setTimestamp(at)
                    .setSegment(Map.of("model", STEADY)).setSegmentKey("model=" + STEADY).setEmbeddingModel(f.embedder.modelId())
                    .setScores(Map.of(TopologyFixture.CONCEPT, 0.1)).setEmbeddingF32(ByteBuffer.wrap(new byte[7])).build();
            // And 5 bytes where whole 4-byte term hashes belong.
            final ScoredTurn badTerms = ScoredTurn.newBuilder(handMade).setConversationId("hand-made-terms")
                    .setEmbeddingF32(ByteBuffer.wrap(new byte[f.embedder.dimension() * Float.BYTES])).setTermHashes(ByteBuffer.wrap(new byte[5])).build();
            final var scoredTopic = f.driver.createInputTopic(f.topics.scored(), new StringSerializer(),
                    f.serdes.forType(ScoredTurn.class).serializer());
            scoredTopic.pipeInput("model=" + STEADY, handMade, at);
            scoredTopic.pipeInput("model=" + STEADY, badTerms, at);
            pipeTraffic(f, 3, 99, 0);

            assertThat(Scrape.values(f.metrics.registry(), "tidewatch_embeddings_ignored_total")).containsValue(2.0);
            final SegmentStats first = f.stats.readValuesToList().stream().filter(s -> s.getSegmentKey().equals("model=" + STEADY))
                    .findFirst().orElseThrow();
            assertThat(first.getCount()).as("the first minute's replies and the hand-made ones").isEqualTo(TURNS_PER_MINUTE + 2);
        }
    }

    @Test
    void closedBucketsCarryTheirEmbeddingSum() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(8))) {
            pipeTraffic(f, 3, 99, 0);
            final SegmentStats first = f.stats.readValuesToList().get(0);
            assertThat(first.getEmbeddingSum()).hasSize(f.embedder.dimension());
            final double norm = Math.sqrt(first.getEmbeddingSum().stream().mapToDouble(x -> x * x).sum());
            // A sum of unit vectors is no longer than their count.
            assertThat(norm).isPositive().isLessThanOrEqualTo(first.getCount() + 1e-9);
        }
    }

    @Test
    void everyTurnIsCountedOnceInTheClosedBuckets() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(5))) {
            final int piped = pipeTraffic(f, 15, 99, 0);
            final List<SegmentStats> stats = f.stats.readValuesToList();

            // The last minute is still open (its end has not been passed), so it is not emitted yet.
            final long closedTurns = stats.stream().mapToLong(SegmentStats::getCount).sum();
            assertThat(closedTurns).isEqualTo(piped - 2L * TURNS_PER_MINUTE);
            assertThat(stats).extracting(SegmentStats::getSegmentKey).containsOnly("model=" + STEADY, "model=" + DRIFTING);
            // Ten minutes of reference; the unexplained-shift reference then waits until each of its three
            // folds of buckets has four (here the thirteenth minute), and from then every bucket is judged.
            assertThat(stats.stream().filter(s -> s.getSegmentKey().equals("model=" + STEADY)))
                    .extracting(SegmentStats::getCalibrating)
                    .containsExactly(true, true, true, true, true, true, true, true, true, true, true, true, true, false);
            assertThat(f.alerts.isEmpty()).isTrue();
        }
    }

    @Test
    void badRecordsGoToTheDeadLetterTopicWithTheirReasonAndTheStreamGoesOn() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(1))) {
            f.pipeRaw("garbage", "not avro at all".getBytes(StandardCharsets.UTF_8), TopologyFixture.T0);
            f.pipe(TopologyFixture.turn("m", "no-response", TopologyFixture.T0, " "));
            f.pipe(TopologyFixture.turn("", "no-model", TopologyFixture.T0, "hello there"));
            final ConversationTurn good = TopologyFixture.turn("m", "good", TopologyFixture.T0, "a perfectly fine reply");
            f.pipe(good);
            f.pipe(TopologyFixture.turn("m", "later", TopologyFixture.T0.plus(Duration.ofMinutes(2)), "another fine reply"));

            final List<TestRecord<byte[], byte[]>> dead = f.deadLetters.readRecordsToList();
            assertThat(dead).extracting(r -> header(r, "tidewatch.dlq.reason"))
                    .containsExactly("undecodable", "missing-response", "missing-model");
            assertThat(dead).allSatisfy(r -> {
                assertThat(header(r, "tidewatch.dlq.source.topic")).isEqualTo("chat.turns");
                assertThat(header(r, "tidewatch.dlq.source.offset")).isNotBlank();
                assertThat(header(r, "tidewatch.dlq.detail")).isNotBlank();
            });
            assertThat(dead.get(0).value()).isEqualTo("not avro at all".getBytes(StandardCharsets.UTF_8));
            final List<SegmentStats> stats = f.stats.readValuesToList();
            assertThat(stats).hasSize(1);
            assertThat(stats.get(0).getCount()).isEqualTo(1);
        }
    }

    @Test
    void aTurnDatedFarBeyondItsRecordIsDeadLetteredAndClosesNothing() {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(1))) {
            f.pipe(TopologyFixture.turn("m", "first", TopologyFixture.T0, "an ordinary reply"));
            // A producer clock two hours ahead: accepted, it would close the open bucket at once.
            f.pipeRaw("ahead", f.encode(TopologyFixture.turn("m", "ahead", TopologyFixture.T0.plus(Duration.ofHours(2)), "a reply")),
                    TopologyFixture.T0);
            f.pipe(TopologyFixture.turn("m", "second", TopologyFixture.T0.plusSeconds(30), "another ordinary reply"));
            f.pipe(TopologyFixture.turn("m", "later", TopologyFixture.T0.plus(Duration.ofMinutes(2)), "a later reply"));

            assertThat(f.deadLetters.readRecordsToList()).singleElement().satisfies(r -> {
                assertThat(header(r, "tidewatch.dlq.reason")).isEqualTo("timestamp-skew");
                assertThat(header(r, "tidewatch.dlq.detail")).contains("more than PT1H after the record's timestamp");
            });
            assertThat(f.stats.readValuesToList()).extracting(SegmentStats::getCount).containsExactly(2L);
        }
    }

    private static String header(final TestRecord<byte[], byte[]> record, final String name) {
        final Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
