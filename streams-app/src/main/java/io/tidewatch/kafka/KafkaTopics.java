package io.tidewatch.kafka;

import io.tidewatch.topology.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics the app needs when they are missing (existing topics are left as they are),
 * finds existing ones whose retention would delete old-timestamped records, and measures lag.
 */
public final class KafkaTopics {

    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);
    /**
     * Every topic the app creates, but the compacted catalog, stamps records with the time the
     * broker appended them. Time-based retention judges a record by its timestamp, and a turn's
     * producer (or a stage of the app) stamps it with the turn's event time: a backfill or a replay
     * of logs older than retention.ms would be deleted before it is read. By append time, retention
     * counts from arrival, whatever the event time; event times travel in the payloads.
     */
    static final Map<String, String> APPEND_TIME = Map.of(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "LogAppendTime");

    private KafkaTopics() {
    }

    public static void ensure(final Properties clientConfig, final Collection<String> topics, final int partitions, final short replicas) {
        create(clientConfig, topics.stream().map(t -> new NewTopic(t, partitions, replicas).configs(APPEND_TIME)).toList());
    }

    /**
     * The topics that delete records by their own timestamps, one sentence each: time-based
     * retention on producer-stamped (CreateTime) records. Such a topic deletes a record stamped with
     * an event time older than its retention as soon as retention runs, and a consumer skips past
     * the gap with no lag to show for it.
     */
    public static List<String> retentionByRecordTime(final Properties clientConfig, final Collection<String> topics) {
        try (Admin admin = Admin.create(clientConfig)) {
            return retentionByRecordTime(admin, topics);
        }
    }

    private static List<String> retentionByRecordTime(final Admin admin, final Collection<String> topics) {
        final List<ConfigResource> resources = topics.stream().distinct().map(t -> new ConfigResource(ConfigResource.Type.TOPIC, t)).toList();
        final Map<ConfigResource, Config> configs;
        try {
            configs = admin.describeConfigs(resources).all().get();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while describing topic configs", e);
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot describe the configs of " + topics + ": " + e.getCause().getMessage(), e.getCause());
        }
        final List<String> risks = new ArrayList<>();
        for (final ConfigResource resource : resources) {
            final Config config = configs.get(resource);
            final String cleanup = value(config, TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
            final long retention = Long.parseLong(value(config, TopicConfig.RETENTION_MS_CONFIG, "-1"));
            final String stamps = value(config, TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, "CreateTime");
            if (cleanup.contains(TopicConfig.CLEANUP_POLICY_DELETE) && retention >= 0 && stamps.equals("CreateTime")) {
                risks.add("topic " + resource.name() + " deletes records whose own timestamps are older than " + Duration.ofMillis(retention)
                        + " (retention.ms=" + retention + ", message.timestamp.type=CreateTime): records stamped with old event times"
                        + " (backfills, replays) can be deleted before tidewatch reads them, silently. Set message.timestamp.type"
                        + "=LogAppendTime on it (retention then counts from arrival) or retention.ms=-1");
            }
        }
        return risks;
    }

    private static String value(final Config config, final String name, final String absent) {
        final ConfigEntry entry = config == null ? null : config.get(name);
        return entry == null || entry.value() == null ? absent : entry.value();
    }

    /**
     * The concept catalog topic: compacted, so it keeps the latest definition of every concept for
     * good; one partition, as a catalog is a handful of records that every instance reads whole.
     */
    public static void ensureCatalog(final Properties clientConfig, final String topic, final short replicas) {
        create(clientConfig, List.of(new NewTopic(topic, 1, replicas)
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))));
    }

    /** Partitions of an existing topic. */
    public static int partitions(final Properties clientConfig, final String topic) {
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
    public static long uncommitted(final Admin admin, final String group, final Topics topics)
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
     * {@link io.tidewatch.kafka.TurnWriter}). A partition answers a list-offsets request only
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
