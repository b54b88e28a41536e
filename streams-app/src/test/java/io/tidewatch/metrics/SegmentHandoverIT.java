package io.tidewatch.metrics;

import io.tidewatch.app.TidewatchApp;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.testkit.Await;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.ThreadMetadata;
import org.junit.jupiter.api.Test;

/**
 * Two instances on one application id share the two partitions of the scored topic. When the
 * second joins and takes one partition over, the first must stop exporting that partition's
 * segment: its frozen last values would otherwise sit beside the new owner's live ones on every
 * per-segment panel.
 */
class SegmentHandoverIT {

    private static final Duration BOUND = Duration.ofMinutes(3);
    private static final Set<String> SEGMENTS = Set.of("model=" + DemoTraffic.STEADY_MODEL, "model=" + DemoTraffic.DRIFTING_MODEL);

    @Test
    void theInstanceThatLostAPartitionStopsExportingItsSegmentAndKeepsTheOther() throws Exception {
        // The joining instance has no state; a large acceptable lag lets it take tasks at once rather than warm up first.
        try (DriftRun run = DriftRun.start(Map.of("acceptable.recovery.lag", "1000000000"))) {
            final TidewatchApp first = run.startInstance(0);
            run.startTraffic();
            Await.until("the first instance exports both segments " + SEGMENTS, BOUND, () -> exportedSegments(first),
                    exported -> exported.equals(SEGMENTS));

            final TidewatchApp second = run.startInstance(0);
            Await.until("[first, second] each own one partition of " + run.scoredTopic(), BOUND,
                    () -> List.of(scoredPartitions(first, run), scoredPartitions(second, run)),
                    owned -> owned.stream().allMatch(partitions -> partitions.size() == 1));
            final Set<String> moved = Await.until("the second instance exports the segment of the partition it took over",
                    BOUND, () -> exportedSegments(second), exported -> exported.size() == 1);

            final Set<String> kept = new TreeSet<>(SEGMENTS);
            kept.removeAll(moved);
            Await.until("the first instance exports " + kept + " and no longer " + moved, BOUND, () -> exportedSegments(first),
                    kept::equals);
        }
    }

    /** Segments with a per-(segment, concept) series in the instance's registry: what a scrape would show. */
    private static Set<String> exportedSegments(final TidewatchApp app) {
        return Scrape.labelValues(app.metrics().registry(), "segment", "concept");
    }

    private static Set<Integer> scoredPartitions(final TidewatchApp app, final DriftRun run) {
        final Set<Integer> partitions = new TreeSet<>();
        if (app.streams().state() != KafkaStreams.State.RUNNING) {
            return partitions;
        }
        for (final ThreadMetadata thread : app.streams().metadataForLocalThreads()) {
            thread.activeTasks().forEach(task -> task.topicPartitions().stream()
                    .filter(tp -> tp.topic().equals(run.scoredTopic())).forEach(tp -> partitions.add(tp.partition())));
        }
        return partitions;
    }
}
