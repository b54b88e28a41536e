package io.tidewatch.replay;

import io.tidewatch.app.AppConfig;
import io.tidewatch.app.ConfigException;
import io.tidewatch.app.Setting;
import io.tidewatch.app.TidewatchApp;
import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.DriftAlert;
import io.tidewatch.avro.SegmentStats;
import io.tidewatch.embed.Embedder;
import io.tidewatch.kafka.KafkaTopics;
import io.tidewatch.kafka.TopicDrain;
import io.tidewatch.kafka.TopicRangeCopy;
import io.tidewatch.kafka.TurnWriter;
import io.tidewatch.registry.AvroSerdes;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.topology.Topics;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.kafka.clients.admin.Admin;

/**
 * The replay engine: historical turns through the same topology as live, on the replay's own
 * application id and topics. When the input is exhausted it marks the end of input on every
 * partition of its input topic, so the last buckets close instead of being lost, and waits until
 * the app has committed past everything before it reads the alerts and closed buckets back.
 */
public final class Replay {

    /** How long the replay waits without progress before it reports itself stalled. */
    private static final Duration STALL_LIMIT = Duration.ofMinutes(10);

    private Replay() {
    }

    /** Where the turns come from. */
    public sealed interface Input permits FromFiles, FromTopic {
        /** What a rejected piece of this input is called. */
        String rejectedWhat();
    }

    /**
     * Files read in the order given.
     *
     * @param format their format; null to guess it from each file's name
     */
    public record FromFiles(List<Path> paths, TurnFormat format) implements Input {
        @Override
        public String rejectedWhat() {
            return "input lines";
        }
    }

    /** The turns of a topic whose record times lie in [since, until). */
    public record FromTopic(String topic, Instant since, Instant until) implements Input {
        @Override
        public String rejectedWhat() {
            return "records";
        }
    }

    /** What the replay produced and read. */
    public record Outcome(long turns, long rejected, String rejectedWhat, List<DriftAlert> alerts, List<SegmentStats> buckets) {
    }

    /**
     * Writes the input to the replay's input topic (creating its topics with {@code partitions}),
     * runs the app until every turn is scored and every bucket closed, and reads back what it wrote.
     *
     * @param settings the replay's own application id and topics, so live state and alerts are untouched
     */
    public static Outcome run(final AppConfig settings, final int partitions, final Input source, final PrintWriter out)
            throws InterruptedException {
        final Topics topics = TidewatchApp.topics(settings);
        final Properties clients = TidewatchApp.streamsConfig(settings);
        KafkaTopics.ensure(clients, topics.all(), partitions, (short) settings.integer(Setting.TOPIC_REPLICATION));
        final AvroSerdes serdes = TidewatchApp.avroSerdes(settings);
        final Written input = produceInput(settings, topics.turns(), serdes, source, out);
        try (Embedder embedder = TidewatchApp.embedder(settings);
             TidewatchApp app = TidewatchApp.start(settings, embedder)) {
            final Progress progress = new Progress(out, "scoring", input.turns, System.console() != null);
            awaitScored(app, input.turns, progress);
            awaitCommitted(clients, settings.string(Setting.APPLICATION_ID), topics);
        }
        final AvroWireSerde<DriftAlert> alerts = serdes.forType(DriftAlert.class);
        final AvroWireSerde<SegmentStats> stats = serdes.forType(SegmentStats.class);
        return new Outcome(input.turns, input.rejected, source.rejectedWhat(),
                TopicDrain.readAll(clients, topics.alerts()).stream().map(r -> alerts.deserialize(topics.alerts(), r.headers(), r.value())).toList(),
                TopicDrain.readAll(clients, topics.stats()).stream().map(r -> stats.deserialize(topics.stats(), r.headers(), r.value()))
                        .sorted(Comparator.comparing(SegmentStats::getWindowStart).thenComparing(SegmentStats::getSegmentKey)).toList());
    }

    /** Turns written to the replay's input topic. */
    private record Written(long turns, long rejected, long lastEventTime) {
    }

    private static Written produceInput(final AppConfig settings, final String topic, final AvroSerdes serdes, final Input source,
                                        final PrintWriter out) {
        final AvroWireSerde<ConversationTurn> serde = serdes.forType(ConversationTurn.class);
        final Tally tally = new Tally();
        try (TurnWriter writer = new TurnWriter(TidewatchApp.streamsConfig(settings), topic)) {
            final Consumer<ConversationTurn> send = turn -> {
                writer.send(serde, turn);
                tally.sent(turn.getTimestamp().toEpochMilli());
            };
            final Consumer<RejectedLine> reject = line -> {
                if (tally.rejected++ < 20) {
                    out.println("rejected " + line);
                }
            };
            if (source instanceof FromFiles files) {
                for (final Path file : files.paths()) {
                    read(file, files.format(), send, reject);
                }
            } else if (source instanceof FromTopic range) {
                TopicRangeCopy.copy(settings, range.topic(), range.since(), range.until(), serde, send, reject);
            }
            writer.markEndOfInput(tally.lastEventTime);
        }
        out.printf("read %d turns%s%n", tally.turns, tally.rejected == 0 ? "" : ", rejected " + tally.rejected + " " + source.rejectedWhat()
                + " (first 20 shown above)");
        if (tally.turns == 0) {
            throw new ConfigException("the input holds no turns to replay");
        }
        return new Written(tally.turns, tally.rejected, tally.lastEventTime);
    }

    private static void read(final Path file, final TurnFormat format, final Consumer<ConversationTurn> send,
                             final Consumer<RejectedLine> reject) {
        try {
            TurnFiles.read(file, TurnFormat.forFile(format, file), send, reject);
        } catch (final IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /** Counts of the input as it is written. */
    private static final class Tally {
        private long turns;
        private long rejected;
        private long lastEventTime = Long.MIN_VALUE;

        void sent(final long eventTime) {
            turns++;
            lastEventTime = Math.max(lastEventTime, eventTime);
        }
    }

    /** Waits until every turn is scored or dead-lettered, or the app stops. */
    private static void awaitScored(final TidewatchApp app, final long turns, final Progress progress) throws InterruptedException {
        final Stall stall = new Stall("turns to score");
        long done;
        while ((done = app.metrics().turnsScored() + app.metrics().deadLettered()) < turns) {
            stall.check(turns - done);
            if (!app.streams().state().isRunningOrRebalancing()) {
                throw new IllegalStateException("replay failed: the app stopped (" + app.streams().state() + ") after " + done
                        + " of " + turns + " turns; its log above says why");
            }
            progress.update(done);
            Thread.sleep(200);
        }
        progress.done(done);
    }

    /**
     * Waits until the app has committed its position at the end of its input topics. The
     * end-of-input markers follow the turns, and a commit holds the heartbeats they caused on the
     * scored topic together with the turns' offsets; once both are committed past, every bucket
     * has closed.
     */
    private static void awaitCommitted(final Properties clients, final String group, final Topics topics) throws InterruptedException {
        final Stall stall = new Stall("records not yet committed");
        try (Admin admin = Admin.create(clients)) {
            long left;
            while ((left = KafkaTopics.uncommitted(admin, group, topics)) > 0) {
                stall.check(left);
                Thread.sleep(200);
            }
        } catch (final ExecutionException e) {
            throw new IllegalStateException("cannot read the replay's progress: " + e.getCause().getMessage(), e.getCause());
        }
    }

    /**
     * A replay may take hours, so a wait is called stalled only when what is left has not shrunk
     * for {@link #STALL_LIMIT}.
     */
    private static final class Stall {
        private final String what;
        private long least = Long.MAX_VALUE;
        private long since = System.nanoTime();

        Stall(final String what) {
            this.what = what;
        }

        void check(final long left) {
            if (left < least) {
                least = left;
                since = System.nanoTime();
            } else if (System.nanoTime() - since > STALL_LIMIT.toNanos()) {
                throw new IllegalStateException("replay stalled: " + left + " " + what + ", none done in the last "
                        + STALL_LIMIT.toMinutes() + " minutes");
            }
        }
    }
}
