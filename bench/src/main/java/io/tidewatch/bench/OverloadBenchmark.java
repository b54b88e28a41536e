package io.tidewatch.bench;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.embed.Embedder;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.KafkaTopics;
import io.tidewatch.kafka.TopicDrain;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.topology.Topics;
import java.io.PrintWriter;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;

/**
 * The app under more input than it can take, on an embedded broker in this JVM: capacity is
 * measured first (a backlog written before the app starts, timed until the app's group has no lag
 * left), then input is offered at a multiple of it for a while, sampling heap and lag; then the
 * input stops, the lag must drain, and every offered turn must be in exactly one closed bucket.
 * The live set is measured twice after a forced full collection: when the input stops (the lag at
 * its peak, so a backlog held on the heap would show) and after the drain.
 */
final class OverloadBenchmark {

    /** Turns are this far apart in event time: 100 a second, so a one-minute bucket holds 1,500 per model. */
    private static final long EVENT_SPACING_MS = 10;
    private static final List<String> MODELS = List.of("model-a", "model-b", "model-c", "model-d");
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(10);
    private static final Duration DRAIN_LIMIT = Duration.ofHours(2);
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    private static final long GIB = 1L << 30;

    /**
     * What the run saw; {@code lost} is offered turns minus turns in closed buckets, 0 when nothing was lost.
     *
     * @param peakAfterGcBytes heap in use right after each pool's last collection, at its highest: an
     *                         upper bound of the live set, as it counts old-generation garbage that
     *                         only a mixed or full collection would have freed
     * @param liveAtInputStopBytes heap in use after a full collection forced when the input stopped;
     *                         negative if no collection ran (explicit GC disabled)
     * @param liveAfterDrainBytes the same after the drain, with every bucket closed
     */
    record Result(double capacity, double offeredRate, long offered, long inBuckets, long deadLettered, long lateTurns,
                  long peakHeapBytes, long peakAfterGcBytes, long liveAtInputStopBytes, long liveAfterDrainBytes,
                  long peakLag, double drainSeconds) {
        long lost() {
            return offered - inBuckets - deadLettered - lateTurns;
        }

        /** Whether both live sets were measured and neither is above {@code boundBytes}. */
        boolean liveSetWithin(final long boundBytes) {
            return liveAtInputStopBytes >= 0 && liveAfterDrainBytes >= 0
                    && Math.max(liveAtInputStopBytes, liveAfterDrainBytes) <= boundBytes;
        }
    }

    /**
     * The most live heap the app may hold: half the heap cap, and half of 1 GiB if the cap is
     * larger (the claim under test is a 1 GiB heap). A live set above half the heap leaves G1 less
     * room to allocate into than there is live data, so it collects ever more often (it starts
     * marking at 45% occupancy), and a live set growing with the backlog would be an
     * OutOfMemoryError in a longer run. Heap in use is no test: under the cap it is never above
     * it, as the collector keeps it there.
     */
    static long liveSetBound(final long maxHeapBytes) {
        return Math.min(maxHeapBytes, GIB) / 2;
    }

    private final PrintWriter out;
    private final List<String> texts = BenchTexts.realistic(1000);
    private final AtomicLong produced = new AtomicLong();
    private long peakHeap;
    private long peakAfterGc;
    private long peakLag;

    OverloadBenchmark(final PrintWriter out) {
        this.out = out;
    }

    /**
     * @param capacityTurns turns of the backlog that capacity is measured on
     * @param factor        offered rate as a multiple of the measured capacity
     */
    Result run(final Embedder embedder, final int capacityTurns, final double factor, final Duration duration)
            throws InterruptedException, ExecutionException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final AppConfig config = AppConfig.defaults()
                    .with(Setting.APPLICATION_ID, "tidewatch-overload-" + UUID.randomUUID(), "bench")
                    .with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), "bench")
                    .with(Setting.SCHEMA_REGISTRY_URL, "mock://overload-" + UUID.randomUUID(), "bench")
                    .with(Setting.METRICS_PORT, "0", "bench");
            final Properties clients = TidewatchApp.streamsConfig(config);
            final Topics topics = TidewatchApp.topics(config);
            KafkaTopics.ensure(clients, topics.all(), config.integer(Setting.TOPIC_PARTITIONS), (short) 1);
            final AvroWireSerde<ConversationTurn> serde = TidewatchApp.avroSerdes(config).forType(ConversationTurn.class);
            try (TurnWriter writer = new TurnWriter(clients, topics.turns());
                 Admin admin = Admin.create(clients)) {
                for (int i = 0; i < capacityTurns; i++) {
                    send(writer, serde, topics.turns());
                }
                writer.flush();
                try (TidewatchApp app = TidewatchApp.start(config, embedder)) {
                    while (app.metrics().turnsConsumed() == 0) {
                        Thread.sleep(5);
                    }
                    final long started = System.nanoTime();
                    awaitDrained(admin, config, topics, null);
                    final double capacity = capacityTurns / seconds(started);
                    final double rate = factor * capacity;
                    out.printf(Locale.ROOT, "capacity: %d turns in %.1f s = %.1f turns/s; offering %.1f turns/s for %s%n",
                            capacityTurns, seconds(started), capacity, rate, duration);
                    out.flush();
                    final long offerStart = System.nanoTime();
                    offer(writer, serde, topics.turns(), rate, duration, admin, config, topics);
                    final double offeredRate = (produced.get() - capacityTurns) / seconds(offerStart);
                    final long liveAtInputStop = liveSetAfterFullGc();
                    final long drainStart = System.nanoTime();
                    awaitDrained(admin, config, topics, offerStart);
                    final double drain = seconds(drainStart);
                    final long last = START.toEpochMilli() + (produced.get() - 1) * EVENT_SPACING_MS;
                    writer.markEndOfInput(last);
                    final long inBuckets = awaitBuckets(clients, TidewatchApp.avroSerdes(config).forType(SegmentStats.class), topics.stats(),
                            produced.get() - app.metrics().deadLettered());
                    final long liveAfterDrain = liveSetAfterFullGc();
                    return new Result(capacity, offeredRate, produced.get(), inBuckets, app.metrics().deadLettered(),
                            app.metrics().lateTurns(), peakHeap, peakAfterGc, liveAtInputStop, liveAfterDrain, peakLag, drain);
                }
            }
        }
    }

    private void send(final TurnWriter writer, final AvroWireSerde<ConversationTurn> serde, final String topic) {
        final long i = produced.getAndIncrement();
        final Instant at = START.plusMillis(i * EVENT_SPACING_MS);
        final ConversationTurn turn = ConversationTurn.newBuilder().setConversationId("overload-" + i).setTurn(0).setTimestamp(at)
                .setModel(MODELS.get((int) (i % MODELS.size()))).setResponse(texts.get((int) (i % texts.size())))
                .setAttributes(Map.of()).build();
        writer.send(turn.getConversationId(), at.toEpochMilli(), serde.serialize(topic, turn));
    }

    /** Offers {@code rate} turns a second, paced by the wall clock, for {@code duration}; samples as it goes. */
    private void offer(final TurnWriter writer, final AvroWireSerde<ConversationTurn> serde, final String topic,
                       final double rate, final Duration duration, final Admin admin, final AppConfig config, final Topics topics)
            throws InterruptedException, ExecutionException {
        final long start = System.nanoTime();
        final long base = produced.get();
        long nextSample = start + SAMPLE_EVERY.toNanos();
        while (System.nanoTime() - start < duration.toNanos()) {
            final long due = base + (long) (rate * seconds(start));
            while (produced.get() < due) {
                send(writer, serde, topic);
            }
            measureHeap();
            if (System.nanoTime() >= nextSample) {
                sample(admin, config, topics, start);
                nextSample += SAMPLE_EVERY.toNanos();
            }
            Thread.sleep(10);
        }
        writer.flush();
    }

    /** Waits until the app's group has consumed everything written to its input topics, sampling if {@code since} is set. */
    private void awaitDrained(final Admin admin, final AppConfig config, final Topics topics, final Long since)
            throws InterruptedException, ExecutionException {
        final long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
        long nextSample = System.nanoTime() + SAMPLE_EVERY.toNanos();
        while (KafkaTopics.uncommitted(admin, config.string(Setting.APPLICATION_ID), topics) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the lag did not drain within " + DRAIN_LIMIT);
            }
            measureHeap();
            if (since != null && System.nanoTime() >= nextSample) {
                sample(admin, config, topics, since);
                nextSample += SAMPLE_EVERY.toNanos();
            }
            Thread.sleep(200);
        }
    }

    private void sample(final Admin admin, final AppConfig config, final Topics topics, final long since)
            throws InterruptedException, ExecutionException {
        final long lag = KafkaTopics.uncommitted(admin, config.string(Setting.APPLICATION_ID), topics);
        final long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        final long live = liveHeap();
        peakLag = Math.max(peakLag, lag);
        out.printf(Locale.ROOT, "  t=%4.0fs  offered %,d  lag %,d  heap used %d MiB  after last GC %d MiB%n",
                seconds(since), produced.get(), lag, heap >> 20, live >> 20);
        out.flush();
    }

    /** Peaks of the heap in use and after the last GC, checked far more often than printed so that short peaks count. */
    private void measureHeap() {
        peakHeap = Math.max(peakHeap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        peakAfterGc = Math.max(peakAfterGc, liveHeap());
    }

    /**
     * The live set: heap in use right after a full collection, forced here (with G1, {@code
     * System.gc()} runs one and returns when it is done); -1 if it ran no collection, as under
     * {@code -XX:+DisableExplicitGC}. Read from the pools' usage after that collection, so what the
     * app allocates once it resumes is not counted.
     */
    static long liveSetAfterFullGc() {
        final long before = collections();
        System.gc();
        return collections() > before ? liveHeap() : -1;
    }

    private static long collections() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream().mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
    }

    /**
     * Heap in use right after the last collection of each pool. After a young collection this still
     * counts the old generation's garbage; after a full one it is the live set.
     */
    private static long liveHeap() {
        long live = 0;
        for (final MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getCollectionUsage() != null) {
                live += pool.getCollectionUsage().getUsed();
            }
        }
        return live;
    }

    /** Reads the closed buckets until they hold {@code expected} turns (or stop growing); returns the turns they hold. */
    private static long awaitBuckets(final Properties clients, final AvroWireSerde<SegmentStats> serde, final String stats,
                                     final long expected) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        long counted = 0;
        while (counted < expected && System.nanoTime() < deadline) {
            Thread.sleep(1000);
            counted = TopicDrain.readAll(clients, stats).stream().mapToLong(r -> serde.deserialize(stats, r.value()).getCount()).sum();
        }
        return counted;
    }

    private static double seconds(final long sinceNanos) {
        return (System.nanoTime() - sinceNanos) / 1e9;
    }
}
