package io.tidewatch.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Label;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** What one scrape of a registry shows, read as an operator would: series by name and labels. */
public final class Scrape {

    private Scrape() {
    }

    /** Values of the gauge or counter exposed as {@code series} (counters with their _total), by label set. */
    public static Map<Map<String, String>, Double> values(final PrometheusRegistry registry, final String series) {
        final Map<Map<String, String>, Double> values = new HashMap<>();
        for (final MetricSnapshot snapshot : registry.scrape()) {
            final String name = snapshot.getMetadata().getPrometheusName();
            if (snapshot instanceof GaugeSnapshot gauge && name.equals(series)) {
                gauge.getDataPoints().forEach(p -> values.put(labels(p), p.getValue()));
            } else if (snapshot instanceof CounterSnapshot counter && (name + "_total").equals(series)) {
                counter.getDataPoints().forEach(p -> values.put(labels(p), p.getValue()));
            }
        }
        return values;
    }

    /** Values of {@code label} on any series that also carries {@code alongside}. */
    static Set<String> labelValues(final PrometheusRegistry registry, final String label, final String alongside) {
        final Set<String> values = new TreeSet<>();
        for (final MetricSnapshot snapshot : registry.scrape()) {
            for (final DataPointSnapshot point : snapshot.getDataPoints()) {
                if (point.getLabels().contains(alongside) && point.getLabels().contains(label)) {
                    values.add(point.getLabels().get(label));
                }
            }
        }
        return values;
    }

    private static Map<String, String> labels(final DataPointSnapshot point) {
        final Map<String, String> labels = new TreeMap<>();
        for (final Label label : point.getLabels()) {
            labels.put(label.getName(), label.getValue());
        }
        return labels;
    }
}
