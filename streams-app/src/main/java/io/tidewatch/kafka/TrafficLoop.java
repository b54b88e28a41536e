package io.tidewatch.kafka;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.demo.DemoTraffic;
import io.tidewatch.registry.AvroWireSerde;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.function.LongPredicate;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Writes the demo traffic to the turns topic at a given pace, printing a progress line every
 * 15 seconds. Shared by {@code demo} (which also holds back while the app is behind) and
 * {@code traffic} (which feeds a real cluster).
 */
public final class TrafficLoop {

    private static final long REPORT_EVERY_NANOS = 15_000_000_000L;

    private final DemoTraffic traffic;
    private final AvroWireSerde<ConversationTurn> serde;
    private final PrintWriter out;

    public TrafficLoop(final DemoTraffic traffic, final AvroWireSerde<ConversationTurn> serde, final PrintWriter out) {
        this.traffic = traffic;
        this.serde = serde;
        this.out = out;
    }

    /**
     * Produces turns at up to {@code rate} per second until {@code duration} has passed (zero runs
     * until interrupted); the turn with index i is sent only once {@code mayProduce.test(i)}.
     *
     * @return the number of turns produced
     */
    public long run(final Properties producerConfig, final String topic, final double rate, final Duration duration,
             final LongPredicate mayProduce) throws InterruptedException {
        final Properties config = new Properties();
        config.putAll(producerConfig);
        config.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
        final long end = duration.isZero() ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        final long pause = (long) (1e9 / rate);
        long nextReport = System.nanoTime();
        long index = 0;
        try (TurnWriter writer = new TurnWriter(config, topic)) {
            while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                if (!mayProduce.test(index)) {
                    Thread.sleep(20);
                    continue;
                }
                final ConversationTurn turn = traffic.turn(index++);
                writer.send(serde, turn);
                if (System.nanoTime() >= nextReport) {
                    out.printf(Locale.ROOT, "  event time %s  turns %d  %s advocacy share %.0f%%%n", turn.getTimestamp(), index,
                            DemoTraffic.DRIFTING_MODEL, 100 * traffic.advocacyShare(turn.getTimestamp()));
                    nextReport = System.nanoTime() + REPORT_EVERY_NANOS;
                }
                Thread.sleep(pause / 1_000_000, (int) (pause % 1_000_000));
            }
        }
        return index;
    }
}
