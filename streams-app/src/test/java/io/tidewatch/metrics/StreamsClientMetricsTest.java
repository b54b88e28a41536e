package io.tidewatch.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.junit.jupiter.api.Test;

class StreamsClientMetricsTest {

    private static final String THREAD_ID = "tidewatch-5d1f2c7e-0b6a-4c1e-9d3a-8f2b7e6c1a90-StreamThread-2";
    private final Map<MetricName, Metric> kafka = new HashMap<>();
    private final PrometheusRegistry registry = new PrometheusRegistry();

    StreamsClientMetricsTest() {
        StreamsClientMetrics.register(registry, () -> kafka, Set.of("chat.turns"));
    }

    private void kafkaReports(final String group, final String name, final Object value, final Map<String, String> tags) {
        final MetricName id = new MetricName(name, group, "", tags);
        kafka.put(id, new Metric() {
            @Override
            public MetricName metricName() {
                return id;
            }

            @Override
            public Object metricValue() {
                return value;
            }
        });
    }

    @Test
    void commitLatencyIsInSecondsPerThreadNamedWithoutTheProcessId() {
        kafkaReports("stream-thread-metrics", "commit-latency-max", 250.0, Map.of("thread-id", THREAD_ID));

        assertThat(Scrape.values(registry, "tidewatch_streams_commit_latency_max_seconds"))
                .containsExactly(Map.entry(Map.of("thread", "StreamThread-2"), 0.25));
    }

    @Test
    void consumerLagCoversTheSourcePartitionsOnly() {
        kafkaReports("consumer-fetch-manager-metrics", "records-lag", 5.0,
                Map.of("client-id", THREAD_ID + "-consumer", "topic", "chat.turns", "partition", "0"));
        // Kafka repeats partition metrics under the legacy topic name, dots replaced by underscores.
        kafkaReports("consumer-fetch-manager-metrics", "records-lag", 5.0,
                Map.of("client-id", THREAD_ID + "-consumer", "topic", "chat_turns", "partition", "0"));
        kafkaReports("consumer-fetch-manager-metrics", "records-lag", 900.0,
                Map.of("client-id", "tidewatch-StateUpdater-1-restore-consumer", "topic", "tidewatch-segment-state-changelog", "partition", "0"));

        assertThat(Scrape.values(registry, "tidewatch_streams_consumer_lag_records"))
                .containsExactly(Map.entry(Map.of("topic", "chat.turns", "partition", "0"), 5.0));
    }

    @Test
    void rebalancesAreCountedPerStreamThreadConsumer() {
        kafkaReports("consumer-coordinator-metrics", "rebalance-total", 3.0, Map.of("client-id", THREAD_ID + "-consumer"));

        assertThat(Scrape.values(registry, "tidewatch_streams_rebalances_total"))
                .containsExactly(Map.entry(Map.of("thread", "StreamThread-2"), 3.0));
    }

    @Test
    void aMetricThatHasMeasuredNothingYetIsLeftOutRatherThanExportedAsNaN() {
        kafkaReports("stream-thread-metrics", "commit-latency-avg", Double.NaN, Map.of("thread-id", THREAD_ID));
        kafkaReports("stream-metrics", "alive-stream-threads", 1, Map.of("client-id", "tidewatch"));

        assertThat(Scrape.values(registry, "tidewatch_streams_commit_latency_avg_seconds")).isEmpty();
        assertThat(Scrape.values(registry, "tidewatch_streams_alive_threads")).containsExactly(Map.entry(Map.of(), 1.0));
    }
}
