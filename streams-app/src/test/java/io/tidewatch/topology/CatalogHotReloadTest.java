package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConceptBucketStats;
import io.tidewatch.avro.ConceptDefinition;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.ConceptRecords;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.metrics.MetricValues;
import io.tidewatch.registry.AvroWireSerde;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The live catalog through the real topology: the fixture starts with its file catalog
 * (pirate-talk); concepts published on the catalog topic take over from the next batch.
 */
class CatalogHotReloadTest {

    private static final String SEGMENT = "model=m";
    private static final ConceptSpec PIRATE = new ConceptSpec(TopologyFixture.CONCEPT, "talks like a pirate", true,
            List.of("arr matey ahoy", "treasure plunder galleon arr", "ahoy matey treasure"),
            List.of("the weather recipe garden", "python function travel budget", "email meeting coffee"), Map.of());
    private static final ConceptSpec GARDEN = new ConceptSpec("garden-talk", "talks about gardens", true,
            List.of("garden sunlight river", "garden kitchen garden"), List.of("python function invoice", "budget spreadsheet email"), Map.of());

    private final TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(1));
    private final TestInputTopic<String, byte[]> concepts = f.driver.createInputTopic(f.topics.concepts(), new StringSerializer(),
            new ByteArraySerializer());
    private final TestOutputTopic<String, ScoredTurn> scored = f.driver.createOutputTopic(f.topics.scored(), new StringDeserializer(),
            f.serdes.forType(ScoredTurn.class).deserializer());
    private final AvroWireSerde<ConceptDefinition> definitions = f.serdes.forType(ConceptDefinition.class);
    private int minute;

    @AfterEach
    void close() {
        f.close();
    }

    private void publish(final ConceptSpec spec) {
        final ConceptDefinition record = ConceptRecords.toRecord(spec, ConceptDirection.compile(spec, f.embedder), f.embedder.modelId());
        concepts.pipeInput(spec.id(), definitions.serialize(f.topics.concepts(), record));
    }

    /** Ten neutral replies in each of the next {@code minutes} event-time minutes. */
    private void traffic(final int minutes) {
        for (final int end = minute + minutes; minute < end; minute++) {
            for (int i = 0; i < 10; i++) {
                final Instant at = TopologyFixture.T0.plus(Duration.ofMinutes(minute)).plusSeconds(6L * i);
                f.pipe(TopologyFixture.turn("m", "c-" + minute + "-" + i, at, f.reply(0.1)));
            }
        }
    }

    private Optional<Double> calibrating(final String concept) {
        return MetricValues.gauge(f.metrics.registry(), "tidewatch_concept_calibrating", SEGMENT, concept);
    }

    private List<ScoredTurn> lastScored(final int n) {
        // Heartbeats to the detect stage (records without a value) are not scored turns.
        final List<ScoredTurn> all = scored.readValuesToList().stream().filter(java.util.Objects::nonNull).toList();
        return all.subList(all.size() - n, all.size());
    }

    @Test
    void aPublishedConceptIsScoredFromTheNextReplyAndCalibratesOnItsOwn() {
        traffic(12);
        assertThat(calibrating(TopologyFixture.CONCEPT)).as("file concept calibrated after 10 minutes").contains(0.0);

        publish(PIRATE);
        publish(GARDEN);
        traffic(3);

        final ScoredTurn last = lastScored(1).get(0);
        assertThat(last.getScores()).containsOnlyKeys(TopologyFixture.CONCEPT, "garden-talk");
        assertThat(last.getConceptVersions()).containsOnly(Map.entry(TopologyFixture.CONCEPT, PIRATE.fingerprint("hashing-64")),
                Map.entry("garden-talk", GARDEN.fingerprint("hashing-64")));
        assertThat(calibrating("garden-talk")).contains(1.0);
        // Published unchanged (same examples, same model), pirate-talk keeps its reference.
        assertThat(calibrating(TopologyFixture.CONCEPT)).contains(0.0);
    }

    @Test
    void aRemovedConceptStopsBeingScoredAndItsMetricsDisappear() {
        publish(PIRATE);
        publish(GARDEN);
        traffic(3);
        assertThat(MetricValues.concepts(f.metrics.registry())).containsExactly("garden-talk", TopologyFixture.CONCEPT);

        concepts.pipeInput("garden-talk", null);
        traffic(2);

        assertThat(lastScored(10)).allSatisfy(t -> assertThat(t.getScores()).containsOnlyKeys(TopologyFixture.CONCEPT));
        assertThat(MetricValues.concepts(f.metrics.registry())).containsExactly(TopologyFixture.CONCEPT);
        assertThat(f.stats.readValuesToList()).last().extracting(SegmentStats::getConcepts).asList()
                .extracting(c -> ((ConceptBucketStats) c).getConcept()).containsExactly(TopologyFixture.CONCEPT);
    }

    @Test
    void anEditedConceptStartsCalibratingAgainInsteadOfReadingTheEditAsDrift() {
        traffic(12);
        final ConceptSpec edited = new ConceptSpec(PIRATE.id(), PIRATE.description(), true,
                List.of("arr matey ahoy", "treasure plunder galleon arr", "ahoy matey treasure", "plunder the galleon"),
                PIRATE.negativeExamples(), Map.of());
        publish(edited);
        final Instant editedFrom = TopologyFixture.T0.plus(Duration.ofMinutes(minute));
        traffic(3);

        assertThat(calibrating(TopologyFixture.CONCEPT)).contains(1.0);
        assertThat(f.stats.readValuesToList().stream().filter(bucket -> !bucket.getWindowStart().isBefore(editedFrom)))
                .hasSize(2).allSatisfy(bucket -> assertThat(bucket.getConcepts()).singleElement()
                        .satisfies(c -> assertThat(c.getReferenceMean()).as("no reference right after the edit").isNull()));
        assertThat(f.alerts.isEmpty()).isTrue();
    }

    @Test
    void unusableCatalogRecordsAreCountedAndTheConceptKeepsItsDefinition() {
        publish(PIRATE);
        publish(GARDEN);
        final ConceptDefinition good = ConceptRecords.toRecord(GARDEN, ConceptDirection.compile(GARDEN, f.embedder), f.embedder.modelId());
        concepts.pipeInput("garden-talk", "not avro".getBytes(StandardCharsets.UTF_8));
        concepts.pipeInput("other-id", definitions.serialize(f.topics.concepts(), good));
        concepts.pipeInput(null, definitions.serialize(f.topics.concepts(), good));
        concepts.pipeInput("garden-talk", definitions.serialize(f.topics.concepts(),
                ConceptDefinition.newBuilder(good).setNegativeExamples(List.of("")).build()));
        concepts.pipeInput("garden-talk", definitions.serialize(f.topics.concepts(),
                ConceptDefinition.newBuilder(good).setDirection(good.getDirection().stream().map(x -> x * 2).toList()).build()));
        concepts.pipeInput(null, (byte[]) null);
        traffic(1);

        assertThat(MetricValues.counter(f.metrics.registry(), "tidewatch_concept_records_rejected")).isEqualTo(6);
        assertThat(lastScored(1).get(0).getConceptVersions())
                .containsOnly(Map.entry(TopologyFixture.CONCEPT, PIRATE.fingerprint("hashing-64")),
                        Map.entry("garden-talk", GARDEN.fingerprint("hashing-64")));
    }
}
