package io.tidewatch.bench;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.embed.Embedder;
import io.tidewatch.kafka.EmbeddedKafka;
import io.tidewatch.kafka.KafkaTopics;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.topology.Topics;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * Measures the whole pipeline on a real (embedded) broker: the input is written first, then the
 * app starts and the clock runs from its first consumed record until every reply is scored and
 * the app has committed past every record of the input and scored topics (so the detect stage's
 * work is in the measure too). The heap is sampled throughout, so the same run shows memory
 * under a capped heap. {@link #runInterleaved} instead alternates the pipeline with the ceiling,
 * segment by segment, for a ratio between the two that the machine's drifting speed does not move.
 */
final class PipelineBenchmark {

    /**
     * What one run measured.
     *
     * @param modelSeconds time spent embedding and scoring batches, inside the timed window
     * @param cacheHits    texts (sentences or replies) the embedding cache served; 0 with it off
     * @param cacheMisses  texts the model embedded behind the cache; 0 with it off
     * @param embedderCpuSeconds CPU time the app's threads spent inside the embedder's calls: the
     *                     part of {@code appCpuSeconds} that is the model's (threads the embedder starts
     *                     itself, such as ONNX Runtime's intra-op pool, are in neither)
     * @param embedderWallSeconds wall time of those same calls, which also counts their threads'
     *                     waits for a core: printed beside the CPU time, not subtracted
     * @param batches      embedding batches run
     * @param appCpuSeconds CPU time of the app's own threads (stream threads and their Kafka
     *                     clients) inside the timed window; the broker, compiler and GC are not in it
     * @param processCpuSeconds CPU time of the whole process inside the timed window
     * @param steadyReplies  replies scored after the warm-up (the first tenth of the replies)
     * @param steadySeconds  time they took
     * @param jvmThreadSeconds CPU time of the JIT compiler and GC threads inside the timed window
     *                     (compiling and collecting for the broker too, as it runs in this JVM); empty
     *                     where it cannot be measured
     * @param steadyJvmThreadSeconds the same after the warm-up
     */
    record Result(int replies, double seconds, long peakHeapBytes, double modelSeconds, long cacheHits, long cacheMisses,
                  double embedderCpuSeconds,
                  double embedderWallSeconds, long batches,
                  double appCpuSeconds, double processCpuSeconds, long steadyReplies, double steadySeconds,
                  double steadyAppCpuSeconds, double steadyEmbedderCpuSeconds, Map<JvmThreadCpu.Kind, Double> jvmThreadSeconds,
                  Map<JvmThreadCpu.Kind, Double> steadyJvmThreadSeconds) {
        double repliesPerSecond() {
            return replies / seconds;
        }

        /** Share of the run during which the model was busy; the rest is time the pipeline spent on everything else. */
        double modelBusy() {
            return modelSeconds / seconds;
        }

        /** Replies per second of the model while it was busy. */
        double modelRepliesPerSecond() {
            return replies / modelSeconds;
        }

        /**
         * Replies per second once the JVM is warm: the first tenth of the replies also pays for
         * compiling the app's and the broker's code, which a long-running app pays once.
         */
        double steadyRepliesPerSecond() {
            return steadyReplies / steadySeconds;
        }

        /** Replies per second of one core given wholly to the app's threads. */
        double repliesPerAppCpuSecond() {
            return replies / appCpuSeconds;
        }

        /**
         * The same without the embedder: everything but the model, per CPU-second the app's threads
         * spent outside the embedder's calls. Both sides are CPU time of the same threads; the
         * embedder's wall time would also count the time its thread waited for a core, and take
         * that out of the app's CPU as if the model had used it.
         */
        double repliesPerAppCpuSecondOutsideEmbedder() {
            return replies / (appCpuSeconds - embedderCpuSeconds);
        }

        /** The same once the JVM is warm: what a long-running app spends per reply. */
        double steadyRepliesPerAppCpuSecondOutsideEmbedder() {
            return steadyReplies / (steadyAppCpuSeconds - steadyEmbedderCpuSeconds);
        }
    }

    /** Seconds of bare inference on some texts, however the caller runs it. */
    @FunctionalInterface
    interface Ceiling {
        double seconds(List<String> texts);
    }

    /**
     * One segment of an interleaved run.
     *
     * @param ceilingFirst whether the ceiling was timed before the pipeline (else after)
     * @param pipelineSeconds from resuming the app to its scoring the segment's last reply
     * @param modelSeconds    time the app spent embedding and scoring batches, in that window
     * @param ceilingSeconds  bare inference on the same texts
     * @param pipelineJvmThreadSeconds CPU of the JIT compiler and GC threads while the pipeline ran
     * @param ceilingJvmThreadSeconds  the same while the ceiling ran
     */
    record Segment(int replies, boolean ceilingFirst, double pipelineSeconds, double modelSeconds, double ceilingSeconds,
                   Map<JvmThreadCpu.Kind, Double> pipelineJvmThreadSeconds, Map<JvmThreadCpu.Kind, Double> ceilingJvmThreadSeconds) {
        /** The pipeline's speed as a share of the ceiling's on the same texts. */
        double ratio() {
            return ceilingSeconds / pipelineSeconds;
        }
    }

    /** What an interleaved run measured, segment by segment in order. */
    record Interleaved(List<Segment> segments) {
        Interleaved {
            segments = List.copyOf(segments);
        }

        /** Segments from {@code first} on (0-based). */
        Interleaved from(final int first) {
            return new Interleaved(segments.subList(Math.min(first, segments.size()), segments.size()));
        }

        int replies() {
            return segments.stream().mapToInt(Segment::replies).sum();
        }

        double pipelineRepliesPerSecond() {
            return replies() / segments.stream().mapToDouble(Segment::pipelineSeconds).sum();
        }

        double ceilingRepliesPerSecond() {
            return replies() / segments.stream().mapToDouble(Segment::ceilingSeconds).sum();
        }

        /** The pipeline's speed over all these segments as a share of the ceiling's over the same ones. */
        double ratio() {
            return pipelineRepliesPerSecond() / ceilingRepliesPerSecond();
        }

        /** The segments two by two (a last odd one alone): over each pair a steady drift of the machine's speed cancels. */
        List<Interleaved> pairs() {
            final List<Interleaved> pairs = new ArrayList<>();
            for (int i = 0; i < segments.size(); i += 2) {
                pairs.add(new Interleaved(segments.subList(i, Math.min(segments.size(), i + 2))));
            }
            return pairs;
        }

        /**
         * Standard error of the ratio, from how the pairs' ratios scatter about their mean: the
         * pairs are the run's independent repeats (NaN with fewer than two).
         */
        double ratioStandardError() {
            final double[] ratios = pairs().stream().mapToDouble(Interleaved::ratio).toArray();
            final double mean = Arrays.stream(ratios).average().orElse(Double.NaN);
            final double squares = Arrays.stream(ratios).map(r -> (r - mean) * (r - mean)).sum();
            return Math.sqrt(squares / (ratios.length - 1) / ratios.length);
        }

        double modelBusy() {
            return segments.stream().mapToDouble(Segment::modelSeconds).sum() / segments.stream().mapToDouble(Segment::pipelineSeconds).sum();
        }
    }

    private PipelineBenchmark() {
    }

    static Result run(final Embedder model, final List<String> texts, final int partitions, final String scoring, final int cache)
            throws InterruptedException, ExecutionException {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final AppConfig config = config(kafka, partitions, scoring, cache);
            final Properties clients = TidewatchApp.streamsConfig(config);
            final Topics topics = TidewatchApp.topics(config);
            KafkaTopics.ensure(clients, topics.all(), partitions, (short) 1);
            try (TurnWriter writer = new TurnWriter(clients, topics.turns())) {
                write(writer, config, texts, 0);
            }
            final HeapSampler heap = new HeapSampler();
            final String appId = config.string(Setting.APPLICATION_ID);
            final TimedEmbedder embedder = new TimedEmbedder(model, appId);
            try (TidewatchApp app = TidewatchApp.start(config, embedder); Admin admin = Admin.create(clients)) {
                while (app.metrics().turnsConsumed() == 0) {
                    Thread.sleep(5);
                }
                final CpuClock cpu = new CpuClock(appId);
                final JvmThreadCpu jvmThreads = new JvmThreadCpu();
                final long start = System.nanoTime();
                final double embedderAtStart = embedder.cpuSeconds();
                final double embedderWallAtStart = embedder.wallSeconds();
                final long warmUp = texts.size() / 10;
                long warmAt = 0;
                long scoredWhenWarm = 0;
                double appCpuWhenWarm = 0;
                double embedderWhenWarm = embedderAtStart;
                Map<JvmThreadCpu.Kind, Double> jvmThreadsWhenWarm = jvmThreads.seconds();
                long scored;
                long polls = 0;
                while ((scored = app.metrics().turnsScored()) < texts.size()) {
                    if (warmAt == 0 && scored >= warmUp) {
                        warmAt = System.nanoTime();
                        scoredWhenWarm = scored;
                        appCpuWhenWarm = cpu.appSeconds();
                        embedderWhenWarm = embedder.cpuSeconds();
                        jvmThreads.sample();
                        jvmThreadsWhenWarm = jvmThreads.seconds();
                    }
                    Thread.sleep(20);
                    heap.sample();
                    if (++polls % 50 == 0) {
                        jvmThreads.sample();
                    }
                }
                while (KafkaTopics.uncommitted(admin, appId, topics) > 0) {
                    Thread.sleep(20);
                    heap.sample();
                }
                final long end = System.nanoTime();
                final double appCpu = cpu.appSeconds();
                jvmThreads.sample();
                final Map<JvmThreadCpu.Kind, Double> jvmThreadSeconds = jvmThreads.seconds();
                if (warmAt == 0) {
                    warmAt = start;
                }
                return new Result(texts.size(), (end - start) / 1e9, heap.peak, app.metrics().embeddingSeconds(),
                        app.metrics().embeddingCacheHits(), app.metrics().embeddingCacheMisses(),
                        embedder.cpuSeconds() - embedderAtStart, embedder.wallSeconds() - embedderWallAtStart, app.metrics().embeddingBatches(), appCpu, cpu.processSeconds(),
                        texts.size() - scoredWhenWarm, (end - warmAt) / 1e9, appCpu - appCpuWhenWarm, embedder.cpuSeconds() - embedderWhenWarm,
                        jvmThreadSeconds, JvmThreadCpu.difference(jvmThreadSeconds, jvmThreadsWhenWarm));
            }
        }
    }

    /**
     * Runs the pipeline and the ceiling by turns on consecutive segments of {@code texts}: the
     * input of a segment is written while the app is paused, then the app is resumed and timed
     * until the segment's last reply is scored; it finishes its commits and is paused again. The
     * ceiling is timed on the same texts right before the pipeline on the first, third, ...
     * segments and right after it on the second, fourth, ..., so a machine whose speed drifts
     * slows both sides alike and a steady drift cancels over each pair of segments. {@code
     * progress} hears of each segment as it ends.
     */
    static Interleaved runInterleaved(final Embedder model, final List<String> texts, final int partitions, final String scoring,
                                      final int cache, final int segment, final Ceiling ceiling, final Consumer<Segment> progress)
            throws InterruptedException, ExecutionException {
        if (segment < 1) {
            throw new IllegalArgumentException("segment must be at least 1, was " + segment);
        }
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            final AppConfig config = config(kafka, partitions, scoring, cache);
            final Properties clients = TidewatchApp.streamsConfig(config);
            final Topics topics = TidewatchApp.topics(config);
            final String appId = config.string(Setting.APPLICATION_ID);
            final ExecutorService ceilingThread = Executors.newSingleThreadExecutor(r -> new Thread(r, "bench-ceiling"));
            try (TidewatchApp app = TidewatchApp.start(config, model); Admin admin = Admin.create(clients);
                 TurnWriter writer = new TurnWriter(clients, topics.turns())) {
                app.streams().pause();
                final JvmThreadCpu jvmThreads = new JvmThreadCpu();
                final List<Segment> segments = new ArrayList<>();
                for (int from = 0; from < texts.size(); from += segment) {
                    final List<String> chunk = texts.subList(from, Math.min(texts.size(), from + segment));
                    write(writer, config, chunk, from);
                    writer.flush();
                    final boolean ceilingFirst = segments.size() % 2 == 0;
                    Timed ceilingTimed = ceilingFirst ? timeCeiling(ceilingThread, ceiling, chunk, jvmThreads) : null;
                    final double modelBefore = app.metrics().embeddingSeconds();
                    jvmThreads.sample();
                    final Map<JvmThreadCpu.Kind, Double> jvmBefore = jvmThreads.seconds();
                    final long start = System.nanoTime();
                    app.streams().resume();
                    long polls = 0;
                    while (app.metrics().turnsScored() < from + chunk.size()) {
                        Thread.sleep(5);
                        if (++polls % 200 == 0) {
                            jvmThreads.sample();
                        }
                    }
                    final double pipelineSeconds = (System.nanoTime() - start) / 1e9;
                    jvmThreads.sample();
                    final Map<JvmThreadCpu.Kind, Double> pipelineJvm = JvmThreadCpu.difference(jvmThreads.seconds(), jvmBefore);
                    final double modelSeconds = app.metrics().embeddingSeconds() - modelBefore;
                    // The detect stage and the commits finish before the ceiling runs, so neither side shares the cores.
                    while (KafkaTopics.uncommitted(admin, appId, topics) > 0) {
                        Thread.sleep(20);
                    }
                    app.streams().pause();
                    if (!ceilingFirst) {
                        ceilingTimed = timeCeiling(ceilingThread, ceiling, chunk, jvmThreads);
                    }
                    final Segment measured = new Segment(chunk.size(), ceilingFirst, pipelineSeconds, modelSeconds, ceilingTimed.seconds(),
                            pipelineJvm, ceilingTimed.jvmThreadSeconds());
                    segments.add(measured);
                    progress.accept(measured);
                }
                return new Interleaved(segments);
            } finally {
                ceilingThread.shutdownNow();
            }
        }
    }

    /** Times the ceiling on its own thread while this one samples the JIT and GC threads, which come and go. */
    private static Timed timeCeiling(final ExecutorService thread, final Ceiling ceiling, final List<String> texts,
                                     final JvmThreadCpu jvmThreads) throws InterruptedException, ExecutionException {
        jvmThreads.sample();
        final Map<JvmThreadCpu.Kind, Double> before = jvmThreads.seconds();
        final Future<Double> seconds = thread.submit(() -> ceiling.seconds(texts));
        while (true) {
            try {
                final double result = seconds.get(1, TimeUnit.SECONDS);
                jvmThreads.sample();
                return new Timed(result, JvmThreadCpu.difference(jvmThreads.seconds(), before));
            } catch (final TimeoutException e) {
                jvmThreads.sample();
            }
        }
    }

    private record Timed(double seconds, Map<JvmThreadCpu.Kind, Double> jvmThreadSeconds) {
    }

    private static AppConfig config(final EmbeddedKafka kafka, final int partitions, final String scoring, final int cache) {
        return AppConfig.defaults()
                .with(Setting.APPLICATION_ID, "tidewatch-bench-" + UUID.randomUUID(), "bench")
                .with(Setting.BOOTSTRAP_SERVERS, kafka.bootstrapServers(), "bench")
                .with(Setting.SCHEMA_REGISTRY_URL, "mock://bench-" + UUID.randomUUID(), "bench")
                .with(Setting.TOPIC_PARTITIONS, Integer.toString(partitions), "bench")
                .with(Setting.METRICS_PORT, "0", "bench")
                .with(Setting.SCORING_MODE, scoring, "--scoring")
                .with(Setting.EMBEDDING_CACHE, Integer.toString(cache), "--cache");
    }

    /** Writes {@code texts} as turns, the first being reply number {@code first} of the benchmark (its id and time follow from that). */
    private static void write(final TurnWriter writer, final AppConfig config, final List<String> texts, final int first) {
        final String topic = config.string(Setting.TOPIC_TURNS);
        final AvroWireSerde<ConversationTurn> serde = TidewatchApp.avroSerdes(config).forType(ConversationTurn.class);
        final Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < texts.size(); i++) {
            final int n = first + i;
            final ConversationTurn turn = ConversationTurn.newBuilder().setConversationId("bench-" + n).setTurn(0)
                    .setTimestamp(start.plusMillis(n * 100L)).setModel("model-" + (n % 4)).setResponse(texts.get(i))
                    .setAttributes(Map.of()).build();
            writer.send(turn.getConversationId(), turn.getTimestamp().toEpochMilli(), serde.serialize(topic, turn));
        }
    }

    /**
     * The embedder, with the CPU time that the app's threads (named after {@code appId}, as {@link
     * CpuClock} counts them) spend in its calls added up; read from the benchmark's thread while the
     * app runs. Calls from other threads are not counted, as their CPU is not in the app's either.
     */
    static final class TimedEmbedder implements Embedder {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final Embedder model;
        private final String appId;
        private volatile long cpuNanos;
        private volatile long wallNanos;

        TimedEmbedder(final Embedder model, final String appId) {
            this.model = model;
            this.appId = appId;
        }

        double cpuSeconds() {
            return cpuNanos / 1e9;
        }

        double wallSeconds() {
            return wallNanos / 1e9;
        }

        @Override
        public String modelId() {
            return model.modelId();
        }

        @Override
        public int dimension() {
            return model.dimension();
        }

        @Override
        public List<float[]> embed(final List<String> texts) {
            final long started = threads.getCurrentThreadCpuTime();
            final long startedWall = System.nanoTime();
            try {
                return model.embed(texts);
            } finally {
                add(started, startedWall);
            }
        }

        @Override
        public Batch embedBatch(final List<String> texts) {
            final long started = threads.getCurrentThreadCpuTime();
            final long startedWall = System.nanoTime();
            try {
                return model.embedBatch(texts);
            } finally {
                add(started, startedWall);
            }
        }

        private void add(final long startedCpu, final long startedWall) {
            if (Thread.currentThread().getName().contains(appId)) {
                final long used = threads.getCurrentThreadCpuTime() - startedCpu;
                final long elapsed = System.nanoTime() - startedWall;
                synchronized (this) {
                    cpuNanos += used;
                    wallNanos += elapsed;
                }
            }
        }

        @Override
        public void close() {
            // The caller closes the model it passed in.
        }
    }

    /**
     * CPU time since construction: of the threads whose names carry the application id (Kafka
     * Streams names its stream threads, their producers and the state updater after it), and of
     * the whole process. The broker runs in the same JVM here but on its own machines in a
     * deployment, so the app's share is what says how many cores the app needs.
     */
    private static final class CpuClock {
        private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        private final com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private final String appId;
        private final Map<Long, Long> appStart;
        private final long processStart;

        CpuClock(final String appId) {
            this.appId = appId;
            this.appStart = appThreadCpu();
            this.processStart = os.getProcessCpuTime();
        }

        double appSeconds() {
            long total = 0;
            for (final Map.Entry<Long, Long> now : appThreadCpu().entrySet()) {
                total += now.getValue() - appStart.getOrDefault(now.getKey(), 0L);
            }
            return total / 1e9;
        }

        double processSeconds() {
            return (os.getProcessCpuTime() - processStart) / 1e9;
        }

        private Map<Long, Long> appThreadCpu() {
            final Map<Long, Long> cpu = new HashMap<>();
            for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
                if (info != null && info.getThreadName().contains(appId)) {
                    final long ns = threads.getThreadCpuTime(info.getThreadId());
                    if (ns >= 0) {
                        cpu.put(info.getThreadId(), ns);
                    }
                }
            }
            return cpu;
        }
    }

    /** Largest heap in use seen by {@link #sample()}. */
    private static final class HeapSampler {
        private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        private long peak;

        void sample() {
            peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
        }
    }
}
