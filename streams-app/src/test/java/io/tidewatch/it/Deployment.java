package io.tidewatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.registry.PirateTraffic;
import io.tidewatch.testkit.TopicReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;

/**
 * One tidewatch deployment (an application id and its own topics) on a test broker and registry,
 * run as child JVMs with the hashing embedder and a catalog it can see (pirate talk). It writes the
 * input, marks its end, and reads back what the tests assert on: committed records only.
 */
final class Deployment implements AutoCloseable {

    private static final Duration LIMIT = Duration.ofMinutes(3);

    private final String bootstrapServers;
    private final String registryUrl;
    private final Path dir;
    private final String name;
    private final AvroSerdes serdes;
    private final TopicReader scored;
    private final AvroWireSerde<ScoredTurn> scoredSerde;
    /** Conversation ids of the scored turns read so far, and how many records of the scored topic that covers. */
    private final Set<String> scoredTurns = new HashSet<>();
    private int checked;

    /** Creates the deployment's input topic with {@code turnPartitions} partitions; the app creates the others. */
    Deployment(final String bootstrapServers, final String registryUrl, final Path dir, final String name, final int turnPartitions) {
        this(bootstrapServers, registryUrl, Map.of(), dir, name, turnPartitions);
    }

    /** A deployment whose test clients use {@code registryCredentials} (Confluent's basic.auth keys) on the registry. */
    Deployment(final String bootstrapServers, final String registryUrl, final Map<String, String> registryCredentials, final Path dir,
               final String name, final int turnPartitions) {
        this.bootstrapServers = bootstrapServers;
        this.registryUrl = registryUrl;
        this.dir = dir;
        this.name = name;
        final Map<String, String> registry = new LinkedHashMap<>(registryCredentials);
        registry.put("schema.registry.url", registryUrl);
        this.serdes = AvroSerdes.fromConfig(registry);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(topic("turns"), turnPartitions, (short) 1))).all().get();
            Files.createDirectories(dir);
        } catch (final ExecutionException | IOException e) {
            throw new IllegalStateException("cannot set up deployment " + name, e);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        this.scored = new TopicReader(bootstrapServers, topic("scored"));
        this.scoredSerde = serdes.forType(ScoredTurn.class);
    }

    String topic(final String kind) {
        return name + "." + kind;
    }

    /** See {@link PirateTraffic#turns}. */
    static List<ConversationTurn> traffic(final int minutes, final int driftFrom) {
        return PirateTraffic.turns(minutes, driftFrom);
    }

    /** The settings file of one instance: shared application id and topics, its own state directory, then {@code extra}. */
    Path config(final String instance, final Map<String, String> extra) {
        final Map<String, String> settings = new LinkedHashMap<>();
        settings.put("application.id", name);
        settings.put("bootstrap.servers", bootstrapServers);
        settings.put("schema.registry.url", registryUrl);
        settings.put("state.dir", dir.resolve("state-" + instance).toString());
        for (final String kind : List.of("turns", "scored", "alerts", "stats", "dlq", "concepts", "control")) {
            settings.put("tidewatch.topic." + kind, topic(kind));
        }
        settings.put("tidewatch.concepts.file", write(dir.resolve("catalog.yaml"), PirateTraffic.CATALOG).toString());
        settings.put("tidewatch.embedding.model", "hashing");
        settings.put("tidewatch.reference.duration", "10m");
        settings.put("tidewatch.expected.segments", "2");
        settings.put("tidewatch.metrics.port", "0");
        settings.put("tidewatch.batch.size", "16");
        settings.put("tidewatch.batch.linger", "100ms");
        // A killed instance's tasks move once its session expires: keep that short.
        settings.put("session.timeout.ms", "6000");
        settings.putAll(extra);
        return write(dir.resolve(instance + ".properties"),
                settings.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("\n", "", "\n")));
    }

    /** Starts an instance in a child JVM; its Kafka clients are named after it. */
    ChildApp start(final String instance) {
        return ChildApp.run(config(instance, Map.of("client.id", instance)), dir.resolve(instance + ".log"), List.of());
    }

    /** The instance whose stream thread is assigned {@code partition} of the input topic now. */
    String instanceReadingTurns(final int partition) throws ExecutionException, InterruptedException {
        final TopicPartition wanted = new TopicPartition(topic("turns"), partition);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeConsumerGroups(List.of(name)).all().get().get(name).members().stream()
                    .filter(m -> m.assignment().topicPartitions().contains(wanted))
                    // Stream threads' consumers are named CLIENT_ID-StreamThread-N-consumer.
                    .map(m -> m.clientId().substring(0, m.clientId().indexOf("-StreamThread-")))
                    .findFirst().orElseThrow(() -> new AssertionError("no instance reads " + wanted));
        }
    }

    private Properties producerConfig() {
        final Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return config;
    }

    void produce(final List<ConversationTurn> turns) {
        final AvroWireSerde<ConversationTurn> serde = serdes.forType(ConversationTurn.class);
        try (TurnWriter writer = new TurnWriter(producerConfig(), topic("turns"))) {
            for (final ConversationTurn turn : turns) {
                writer.send(turn.getConversationId(), turn.getTimestamp().toEpochMilli(), serde.serialize(topic("turns"), turn));
            }
        }
    }

    /**
     * Waits until at least {@code count} different turns are scored and committed. Different: a
     * turn scored twice (which exactly-once rules out) must not pass for another.
     */
    void awaitScored(final int count) {
        scored.readUntil(records -> {
            for (; checked < records.size(); checked++) {
                final byte[] value = records.get(checked).value();
                if (value != null) {
                    scoredTurns.add(scoredSerde.deserialize(topic("scored"), value).getConversationId());
                }
            }
            return scoredTurns.size() >= count;
        }, LIMIT, count + " scored turns");
    }

    /** After the input: the end-of-input marker on every input partition, so the last buckets close once all is scored. */
    void endOfInput(final List<ConversationTurn> turns) {
        try (TurnWriter writer = new TurnWriter(producerConfig(), topic("turns"))) {
            writer.markEndOfInput(turns.get(turns.size() - 1).getTimestamp().toEpochMilli());
        }
    }

    /**
     * The committed closed buckets, read until the last turn's bucket of every segment has closed;
     * asserts that no (segment, bucket start) is there twice and that they hold exactly the turns.
     */
    List<SegmentStats> closedBuckets(final List<ConversationTurn> turns) {
        final AvroWireSerde<SegmentStats> serde = serdes.forType(SegmentStats.class);
        final long last = turns.get(turns.size() - 1).getTimestamp().toEpochMilli();
        final long segments = turns.stream().map(ConversationTurn::getModel).distinct().count();
        try (TopicReader reader = new TopicReader(bootstrapServers, topic("stats"))) {
            final List<SegmentStats> buckets = reader.readUntil(r -> r.stream().map(b -> serde.deserialize(topic("stats"), b.value()))
                            .filter(b -> b.getWindowEnd().toEpochMilli() > last).count() >= segments, LIMIT, "the last bucket of every segment")
                    .stream().map(r -> serde.deserialize(topic("stats"), r.value())).toList();
            assertThat(buckets).extracting(b -> b.getSegmentKey() + "@" + b.getWindowStart()).doesNotHaveDuplicates();
            assertThat(buckets.stream().mapToLong(SegmentStats::getCount).sum()).as("turns in closed buckets").isEqualTo(turns.size());
            return buckets;
        }
    }

    /**
     * Every committed alert event, by alert id in the order of its partition. Called after {@link
     * #closedBuckets}: the last alerts are committed with the last buckets.
     */
    Map<String, List<DriftAlert>> alerts() {
        final AvroWireSerde<DriftAlert> serde = serdes.forType(DriftAlert.class);
        try (TopicReader reader = new TopicReader(bootstrapServers, topic("alerts"))) {
            final Map<String, List<DriftAlert>> byId = new TreeMap<>();
            for (final ConsumerRecord<byte[], byte[]> record : reader.readToEnd(LIMIT)) {
                final DriftAlert alert = serde.deserialize(topic("alerts"), record.value());
                byId.computeIfAbsent(alert.getAlertId(), id -> new ArrayList<>()).add(alert);
            }
            return byId;
        }
    }

    @Override
    public void close() {
        scored.close();
    }

    private static Path write(final Path file, final String text) {
        try {
            return Files.writeString(file, text);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
