package io.tidewatch.metrics;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.DataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** Reads what a Prometheus scrape of the registry would show, for tests. */
public final class MetricValues {

    private MetricValues() {
    }

    /** The value of gauge {@code name} for one segment and concept, if that series exists. */
    public static Optional<Double> gauge(final PrometheusRegistry registry, final String name, final String segment, final String concept) {
        return registry.scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals(name) && m instanceof GaugeSnapshot)
                .flatMap(m -> ((GaugeSnapshot) m).getDataPoints().stream())
                .filter(p -> segment.equals(p.getLabels().get("segment")) && concept.equals(p.getLabels().get("concept")))
                .map(GaugeSnapshot.GaugeDataPointSnapshot::getValue)
                .findFirst();
    }

    /** The value of an unlabelled counter ({@code name} without the {@code _total} suffix); 0 before it is first incremented. */
    public static double counter(final PrometheusRegistry registry, final String name) {
        return registry.scrape().stream()
                .filter(m -> m.getMetadata().getPrometheusName().equals(name) && m instanceof CounterSnapshot)
                .flatMap(m -> ((CounterSnapshot) m).getDataPoints().stream())
                .mapToDouble(CounterSnapshot.CounterDataPointSnapshot::getValue).sum();
    }

    /** Every concept that has at least one series, in any metric. */
    public static Set<String> concepts(final PrometheusRegistry registry) {
        final Set<String> concepts = new TreeSet<>();
        for (final MetricSnapshot metric : registry.scrape()) {
            for (final DataPointSnapshot point : metric.getDataPoints()) {
                final String concept = point.getLabels().get("concept");
                if (concept != null) {
                    concepts.add(concept);
                }
            }
        }
        return concepts;
    }
}
