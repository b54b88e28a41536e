package io.tidewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.registry.ConfluentRegistryServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The only broker goes down mid-stream and comes back: the app (a child JVM) retries and
 * recovers, and every turn is counted once in the closed buckets.
 */
class BrokerRestartIT {

    @Test
    void theAppRecoversFromABrokerRestartAndCountsEveryTurnOnce(@TempDir final Path dir) throws Exception {
        final List<ConversationTurn> turns = Deployment.traffic(40, 20);
        final int n = turns.size();
        try (EmbeddedKafka kafka = EmbeddedKafka.start(); ConfluentRegistryServer registry = ConfluentRegistryServer.start();
             Deployment deployment = new Deployment(kafka.bootstrapServers(), registry.url(), dir, "restart", 1);
             ChildApp app = deployment.start("only")) {
            deployment.produce(turns.subList(0, n / 2));
            deployment.awaitScored(n / 4);
            kafka.stopBrokers();
            awaitInLog(app, "could not be established");
            kafka.startBrokers();
            deployment.produce(turns.subList(n / 2, n));
            deployment.endOfInput(turns);

            deployment.closedBuckets(turns);
            assertThat(deployment.alerts()).as("the drift is still found").isNotEmpty();
            assertThat(app.alive()).isTrue();
        }
    }

    /** Waits until the app has logged {@code text}: it has seen the outage. */
    private static void awaitInLog(final ChildApp app, final String text) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (!app.log().contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the app never logged '" + text + "'; its output:\n" + app.log());
            }
            Thread.sleep(200);
        }
    }
}
