package io.tidewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.registry.ConfluentRegistryServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances on one application id, as separate JVMs on a real broker; one is killed with
 * SIGKILL mid-stream and restarted. Exactly-once must leave every turn counted once in the closed
 * buckets, and the alerts those of an undisturbed single-instance run on the same input.
 */
class FailoverIT {

    /** Partitions of the input topic, as many as the app's own topics: several score tasks feed each detect task. */
    private static final int TURN_PARTITIONS = 3;

    @Test
    void aKilledInstanceLosesAndDoublesNothingAndTheAlertsAreThoseOfAnUndisturbedRun(@TempDir final Path dir) throws Exception {
        final List<ConversationTurn> turns = Deployment.traffic(40, 20);
        final int n = turns.size();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); ConfluentRegistryServer registry = ConfluentRegistryServer.start()) {
            final Map<String, List<DriftAlert>> undisturbed;
            try (Deployment single = new Deployment(kafka.bootstrapServers(), registry.url(), dir.resolve("single"), "single", TURN_PARTITIONS);
                 ChildApp only = single.start("only")) {
                single.produce(turns);
                single.endOfInput(turns);
                single.closedBuckets(turns);
                undisturbed = single.alerts();
                assertThat(only.alive()).as("the undisturbed instance is still running").isTrue();
            }
            assertThat(undisturbed).as("the input drifts: the undisturbed run raises alerts").isNotEmpty();

            final Map<String, ChildApp> instances = new HashMap<>();
            try (Deployment pair = new Deployment(kafka.bootstrapServers(), registry.url(), dir.resolve("pair"), "pair", TURN_PARTITIONS)) {
                pair.produce(turns.subList(0, 2 * n / 3));
                instances.put("a", pair.start("a"));
                instances.put("b", pair.start("b"));
                pair.awaitScored(n / 3);
                // The instance scoring the input, with a third of it still to score: killed mid-batch, mid-transaction.
                final String victim = pair.instanceReadingTurns(0);
                instances.get(victim).kill();
                pair.produce(turns.subList(2 * n / 3, n));
                pair.awaitScored(2 * n / 3);
                // Same state directory: what the killed process left there is recovered from its changelogs.
                instances.put(victim + "-restarted", pair.start(victim));
                pair.endOfInput(turns);

                final List<SegmentStats> buckets = pair.closedBuckets(turns);
                final Map<String, List<DriftAlert>> alerts = pair.alerts();
                assertThat(alerts).isEqualTo(undisturbed);
                System.out.printf("failover: killed %s; %d turns in %d closed buckets; %d alert events in %d episodes, as undisturbed%n",
                        victim, n, buckets.size(), alerts.values().stream().mapToInt(List::size).sum(), alerts.size());
            } finally {
                for (final ChildApp instance : instances.values()) {
                    instance.close();
                }
            }
        }
    }
}
