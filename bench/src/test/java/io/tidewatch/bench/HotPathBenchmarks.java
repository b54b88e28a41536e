package io.tidewatch.bench;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ConceptDirection;
import io.tidewatch.concept.ConceptSpec;
import io.tidewatch.detect.MonitorOutput;
import io.tidewatch.detect.ScoredReply;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.embed.HashingEmbedder;
import io.tidewatch.stats.Moments;
import io.tidewatch.topology.state.OpenReplies;
import io.tidewatch.topology.state.StateSerde;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The work outside the model: per reply, scoring an embedding on five concepts, adding the reply
 * to its segment (closing a bucket every 40 replies, as in the setup's traffic) and the store
 * round trip of the reply; per closed bucket, the store round trip of the segment's state. Run with
 * {@code ./mvnw -q -pl streams-app -am test-compile exec:exec@jmh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HotPathBenchmarks {

    private static final int CONCEPTS = 5;

    private ConceptCatalog catalog;
    private float[] embedding;
    private SegmentMonitor monitor;
    private SegmentState state;
    private StateSerde<SegmentState> serde;
    private byte[] stateBytes;
    private byte[] replyBytes;
    private long timestamp;
    private Map<String, Double> scores;

    @Setup
    public void setUp() {
        final HashingEmbedder embedder = new HashingEmbedder(384);
        catalog = ConceptCatalog.compile(IntStream.range(0, CONCEPTS).mapToObj(i -> new ConceptSpec("concept-" + i, "", true,
                List.of("alpha beta gamma " + i), List.of("delta epsilon zeta " + i), Map.of())).toList(), embedder);
        embedding = embedder.embed(List.of("a reply of about twenty words about alpha and beta and a few other ordinary things")).get(0);
        scores = catalog.score(embedding);
        monitor = new SegmentMonitor(TidewatchApp.detection(AppConfig.defaults().with(Setting.REFERENCE_DURATION, "30m", "bench"), CONCEPTS),
                catalog.concepts().stream().collect(Collectors.toMap(ConceptDirection::id, ConceptDirection::direction)));
        state = new SegmentState("model=bench");
        final SplittableRandom random = new SplittableRandom(1);
        // Two hours of traffic: a calibrated reference and an open bucket, as in steady operation.
        for (timestamp = 0; timestamp < 7_200_000; timestamp += 1_500) {
            monitor.accept(state, reply(random.nextDouble()));
        }
        serde = new StateSerde<>(SegmentState.class);
        stateBytes = serde.serializer().serialize("", state);
        replyBytes = OpenReplies.encode(reply(0.5));
    }

    private ScoredReply reply(final double score) {
        return new ScoredReply("c", 0, timestamp, Map.of("concept-0", score), "an excerpt of a reply", embedding);
    }

    @Benchmark
    public Map<String, Double> scoreOnFiveConcepts() {
        return catalog.score(embedding);
    }

    @Benchmark
    public Moments momentsPlus() {
        return Moments.empty().plus(0.25);
    }

    @Benchmark
    public MonitorOutput acceptOneReply() {
        timestamp += 1_500;
        return monitor.accept(state, new ScoredReply("c", 0, timestamp, scores, "an excerpt of a reply", embedding));
    }

    @Benchmark
    public ScoredReply openReplyRoundTrip() {
        return OpenReplies.decode(OpenReplies.encode(OpenReplies.decode(replyBytes)));
    }

    @Benchmark
    public SegmentState segmentStateRoundTrip() {
        return serde.deserializer().deserialize("", serde.serializer().serialize("", serde.deserializer().deserialize("", stateBytes)));
    }
}
