package io.tidewatch.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BinaryOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * The Kafka Streams client metrics an operator needs to tell a stuck or slow instance from a quiet
 * one (consumer lag, records processed, commit latency, rebalances, stream threads), read from
 * {@code KafkaStreams#metrics()} at every scrape and exported as {@code tidewatch_streams_*} in
 * base units. A curated list rather than all of them: Kafka's hundreds of per-node metrics would
 * bury these, and their names and units are not Prometheus'.
 */
public final class StreamsClientMetrics {

    private static final String CLIENT = "stream-metrics";
    private static final String THREAD = "stream-thread-metrics";
    private static final String COORDINATOR = "consumer-coordinator-metrics";
    private static final String FETCH = "consumer-fetch-manager-metrics";
    private static final double MILLIS = 1e-3;
    /** Thread ids embed the process id, which changes at every restart; the suffix is stable. */
    private static final Pattern THREAD_NAME = Pattern.compile("StreamThread-\\d+");

    private final Supplier<Map<MetricName, ? extends Metric>> metrics;
    private final PrometheusRegistry registry;

    /** Which Prometheus labels a Kafka metric's tags become; {@code values} gives null to leave the metric out. */
    private record Labeling(List<String> names, Function<Map<String, String>, List<String>> values) {
    }

    private StreamsClientMetrics(final Supplier<Map<MetricName, ? extends Metric>> metrics, final PrometheusRegistry registry) {
        this.metrics = metrics;
        this.registry = registry;
    }

    /**
     * Registers the bridge.
     *
     * @param metrics      the live metrics of one client, such as {@code streams::metrics}
     * @param sourceTopics topics whose consumer lag is exported; changelog restores are left out
     */
    public static void register(final PrometheusRegistry registry, final Supplier<Map<MetricName, ? extends Metric>> metrics,
                                final Set<String> sourceTopics) {
        final StreamsClientMetrics bridge = new StreamsClientMetrics(metrics, registry);
        final Labeling client = new Labeling(List.of(), tags -> List.of());
        final Labeling thread = new Labeling(List.of("thread"), StreamsClientMetrics::threadOf);
        // Kafka also tags each partition metric with a legacy topic name (dots as underscores): the source filter drops it.
        final Labeling partition = new Labeling(List.of("topic", "partition"),
                tags -> sourceTopics.contains(tags.get("topic")) ? List.of(tags.get("topic"), tags.get("partition")) : null);

        bridge.counter("tidewatch_streams_processed_records_total", "Records processed by each stream thread",
                THREAD, "process-total", thread);
        bridge.seconds("tidewatch_streams_commit_latency_avg_seconds", "Mean commit time of each stream thread in Kafka's sample window (30 to 60 s)",
                THREAD, "commit-latency-avg", thread);
        bridge.seconds("tidewatch_streams_commit_latency_max_seconds", "Longest commit of each stream thread in Kafka's sample window (30 to 60 s)",
                THREAD, "commit-latency-max", thread);
        bridge.counter("tidewatch_streams_rebalances_total", "Rebalances each stream thread's consumer completed",
                COORDINATOR, "rebalance-total", thread);
        bridge.counter("tidewatch_streams_failed_rebalances_total", "Rebalances each stream thread's consumer failed",
                COORDINATOR, "failed-rebalance-total", thread);
        bridge.gauge("tidewatch_streams_consumer_lag_records", "Records between the consumer position and the end of each source partition",
                FETCH, "records-lag", partition);
        bridge.gauge("tidewatch_streams_alive_threads", "Stream threads running or taking part in a rebalance",
                CLIENT, "alive-stream-threads", client);
        bridge.counter("tidewatch_streams_failed_threads_total", "Stream threads that died since the client started",
                CLIENT, "failed-stream-threads", client);
    }

    private static List<String> threadOf(final Map<String, String> tags) {
        final String id = tags.containsKey("thread-id") ? tags.get("thread-id") : tags.getOrDefault("client-id", "");
        final Matcher name = THREAD_NAME.matcher(id);
        return name.find() ? List.of(name.group()) : null;
    }

    private void counter(final String name, final String help, final String group, final String kafkaName, final Labeling labeling) {
        CounterWithCallback.builder().name(name).help(help).labelNames(labeling.names().toArray(String[]::new))
                // Totals of threads that share labels add up.
                .callback(out -> read(group, kafkaName, labeling, 1, Double::sum)
                        .forEach((labels, value) -> out.call(value, labels.toArray(String[]::new))))
                .register(registry);
    }

    private void gauge(final String name, final String help, final String group, final String kafkaName, final Labeling labeling) {
        gauge(name, help, null, 1, group, kafkaName, labeling);
    }

    private void seconds(final String name, final String help, final String group, final String kafkaName, final Labeling labeling) {
        gauge(name, help, Unit.SECONDS, MILLIS, group, kafkaName, labeling);
    }

    private void gauge(final String name, final String help, final Unit unit, final double scale, final String group,
                       final String kafkaName, final Labeling labeling) {
        final GaugeWithCallback.Builder builder = GaugeWithCallback.builder().name(name).help(help)
                .labelNames(labeling.names().toArray(String[]::new))
                // Levels of clients that share labels (a partition between two consumers mid-rebalance): the worse one counts.
                .callback(out -> read(group, kafkaName, labeling, scale, Math::max)
                        .forEach((labels, value) -> out.call(value, labels.toArray(String[]::new))));
        if (unit != null) {
            builder.unit(unit);
        }
        builder.register(registry);
    }

    /** Current values of one Kafka metric by label values; metrics that have not measured anything yet (NaN) are left out. */
    private Map<List<String>, Double> read(final String group, final String name, final Labeling labeling, final double scale,
                                           final BinaryOperator<Double> merge) {
        final Map<List<String>, Double> values = new HashMap<>();
        for (final Map.Entry<MetricName, ? extends Metric> entry : metrics.get().entrySet()) {
            final MetricName id = entry.getKey();
            if (id.group().equals(group) && id.name().equals(name)
                    && entry.getValue().metricValue() instanceof Number number && Double.isFinite(number.doubleValue())) {
                final List<String> labels = labeling.values().apply(id.tags());
                if (labels != null) {
                    values.merge(labels, number.doubleValue() * scale, merge);
                }
            }
        }
        return values;
    }
}
