package io.tidewatch.cli;

import io.tidewatch.topology.Topics;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.RetriableException;

/** Creates the topics the app needs when they are missing (existing topics are left as they are), and measures lag. */
final class KafkaTopics {

    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);

    private KafkaTopics() {
    }

    static void ensure(final Properties clientConfig, final Collection<String> topics, final int partitions, final short replicas) {
        create(clientConfig, topics.stream().map(t -> new NewTopic(t, partitions, replicas)).toList());
    }

    /**
     * The concept catalog topic: compacted, so it keeps the latest definition of every concept for
     * good; one partition, as a catalog is a handful of records that every instance reads whole.
     */
    static void ensureCatalog(final Properties clientConfig, final String topic, final short replicas) {
        create(clientConfig, List.of(new NewTopic(topic, 1, replicas)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }

    /** Partitions of an existing topic. */
    static int partitions(final Properties clientConfig, final String topic) {
        try (Admin admin = Admin.create(clientConfig)) {
            return admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing " + topic, e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot describe topic " + topic + ": " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * Records written to the app's input topics (turns, and scored for the detect stage) that the
     * app's group has not committed past; committed records only, as the app reads them.
     */
    static long uncommitted(final Admin admin, final String group, final Topics topics)
            throws InterruptedException, ExecutionException {
        final Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(List.of(topics.turns(), topics.scored())).allTopicNames().get().forEach((topic, description) ->
                description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
        long lag = 0;
        for (final var end : admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get().entrySet()) {
            final OffsetAndMetadata at = committed.get(end.getKey());
            lag += Math.max(0, end.getValue().offset() - (at == null ? 0 : at.offset()));
        }
        return lag;
    }

    /**
     * Waits until every partition of the new topics is online at its leader. Creation returns
     * before brokers know of the topics: a global store fails at once, without retrying, on a topic
     * with no partitions yet, and a produce request that reaches a partition before it is online is
     * refused, which idempotent producers before Kafka 4.5 can turn into lost records (see
     * {@link io.tidewatch.topology.TurnWriter}). A partition answers a list-offsets request only
     * from its leader, once it is online.
     */
    private static void awaitOnline(final Admin admin, final List<String> topics) throws InterruptedException, ExecutionException {
        final long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                final Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
                admin.describeTopics(topics).allTopicNames().get().forEach((topic, description) -> description.partitions()
                        .forEach(p -> partitions.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest())));
                admin.listOffsets(partitions).all().get();
                return;
            } catch (final ExecutionException e) {
                if (!(e.getCause() instanceof RetriableException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void create(final Properties clientConfig, final List<NewTopic> wanted) {
        try (Admin admin = Admin.create(clientConfig)) {
            final Set<String> existing = admin.listTopics().names().get();
            final List<NewTopic> missing = wanted.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get();
                awaitOnline(admin, missing.stream().map(NewTopic::name).toList());
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (final ExecutionException e) {
            // Another instance may have created them in between; that is fine.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topics " + wanted.stream().map(NewTopic::name).toList()
                        + ": " + e.getCause().getMessage(), e.getCause());
            }
        }
    }
}
