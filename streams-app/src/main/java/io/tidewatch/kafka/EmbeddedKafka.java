package io.tidewatch.kafka;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import kafka.server.BrokerServer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster (KRaft, combined broker and controller) inside this JVM, on free loopback
 * ports, with its data in a temporary directory deleted on close. Used by {@code demo},
 * {@code replay} and the integration tests, so none of them needs external services.
 */
public final class EmbeddedKafka implements AutoCloseable {

    private final KafkaClusterTestKit cluster;

    private EmbeddedKafka(final KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    public static EmbeddedKafka start() {
        return start(1);
    }

    public static EmbeddedKafka start(final int brokers) {
        return start(brokers, Map.of());
    }

    /**
     * A cluster with Kafka's default broker settings (time-based retention of 7 days included: the
     * topics tidewatch creates keep old-timestamped records themselves), but for what a cluster of
     * one machine needs, and {@code brokerConfig} on top.
     */
    public static EmbeddedKafka start(final int brokers, final Map<String, String> brokerConfig) {
        final short replicas = (short) Math.min(3, brokers);
        try {
            final KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(brokers)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", Short.toString(replicas))
                    .setConfigProp("transaction.state.log.replication.factor", Short.toString(replicas))
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false");
            brokerConfig.forEach(builder::setConfigProp);
            final KafkaClusterTestKit cluster = builder.build();
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new EmbeddedKafka(cluster);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the embedded Kafka cluster", e);
        } catch (final Exception e) {
            throw new IllegalStateException("cannot start the embedded Kafka cluster: " + e.getMessage(), e);
        }
    }

    /** The test kit prints its storage formatting to stdout; keep the demo's console for tidewatch. */
    private static void formatQuietly(final KafkaClusterTestKit cluster) throws Exception {
        final PrintStream stdout = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(stdout);
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Stops the broker side of every node, as an outage or a restart does; the controller keeps
     * running and the data stays. {@link #startBrokers()} brings them back on the same ports.
     */
    public void stopBrokers() {
        cluster.brokers().values().forEach(BrokerServer::shutdown);
    }

    /** Starts the brokers that {@link #stopBrokers()} stopped and waits until they serve again. */
    public void startBrokers() {
        cluster.brokers().values().forEach(BrokerServer::startup);
        try {
            cluster.waitForReadyBrokers();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while restarting the embedded Kafka brokers", e);
        } catch (final java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the embedded Kafka brokers did not come back: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } catch (final Exception e) {
            throw new IllegalStateException("cannot stop the embedded Kafka cluster cleanly", e);
        }
    }
}
