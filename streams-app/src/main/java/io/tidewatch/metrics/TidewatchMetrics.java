package io.tidewatch.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tidewatch.detect.AlertState;
import io.tidewatch.detect.SegmentMonitor;
import java.util.List;

/**
 * Every metric the app exports, on one registry. Names are prefixed {@code tidewatch_} and use
 * base units; per-stream gauges carry {@code segment} and {@code concept} labels.
 */
public final class TidewatchMetrics {

    private final PrometheusRegistry registry;
    private final Counter turnsConsumed;
    private final Counter turnsScored;
    private final Counter deadLetters;
    private final Counter lateTurns;
    private final Counter alertEvents;
    private final Counter conceptRecordsRejected;
    private final Histogram batchSize;
    private final Histogram batchDuration;
    private final Gauge bucketMean;
    private final Gauge referenceMean;
    private final Gauge referenceSpread;
    private final Gauge standardized;
    private final Gauge cusum;
    private final Gauge cusumThreshold;
    private final Gauge calibrating;
    private final Gauge alertActive;

    public TidewatchMetrics(final PrometheusRegistry registry) {
        this.registry = registry;
        turnsConsumed = Counter.builder().name("tidewatch_turns_consumed_total")
                .help("Records read from the turns topic, good or bad").register(registry);
        turnsScored = Counter.builder().name("tidewatch_turns_scored_total")
                .help("Turns embedded and scored").labelNames("segment").register(registry);
        deadLetters = Counter.builder().name("tidewatch_dead_letters_total")
                .help("Records sent to the dead-letter topic, by reason").labelNames("reason").register(registry);
        lateTurns = Counter.builder().name("tidewatch_late_turns_total")
                .help("Scored turns whose bucket had already closed").labelNames("segment").register(registry);
        alertEvents = Counter.builder().name("tidewatch_alert_events_total")
                .help("Alert lifecycle events emitted").labelNames("detector", "state").register(registry);
        conceptRecordsRejected = Counter.builder().name("tidewatch_concept_records_rejected_total")
                .help("Records on the concept catalog topic that could not be used; the concept kept its previous definition")
                .register(registry);
        batchSize = Histogram.builder().name("tidewatch_embedding_batch_size")
                .help("Replies per embedding batch").classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
        batchDuration = Histogram.builder().name("tidewatch_embedding_batch_duration_seconds").unit(Unit.SECONDS)
                .help("Time to embed one batch").classicExponentialUpperBounds(0.005, 2, 12).register(registry);
        bucketMean = streamGauge("tidewatch_bucket_mean_score", "Mean concept score of the last closed bucket");
        referenceMean = streamGauge("tidewatch_reference_mean_score", "Mean concept score of the anchored reference");
        referenceSpread = streamGauge("tidewatch_reference_spread_score", "Per-reply standard deviation of the reference");
        standardized = streamGauge("tidewatch_standardized_statistic", "Standardised statistic z of the last closed bucket");
        cusum = streamGauge("tidewatch_cusum_statistic", "Upper CUSUM statistic after the last closed bucket");
        cusumThreshold = streamGauge("tidewatch_cusum_threshold", "CUSUM alarm threshold derived from the false-alarm budget");
        calibrating = streamGauge("tidewatch_concept_calibrating", "1 while the concept's reference is being calibrated, 0 once it is frozen");
        alertActive = Gauge.builder().name("tidewatch_alert_active")
                .help("1 while an alert episode is open").labelNames("segment", "concept", "detector").register(registry);
    }

    private Gauge streamGauge(final String name, final String help) {
        return Gauge.builder().name(name).help(help).labelNames("segment", "concept").register(registry);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public long turnsConsumed() {
        return (long) turnsConsumed.get();
    }

    public void turnConsumed() {
        turnsConsumed.inc();
    }

    public void turnScored(final String segment) {
        turnsScored.labelValues(segment).inc();
    }

    public void deadLettered(final String reason) {
        deadLetters.labelValues(reason).inc();
    }

    public void lateTurns(final String segment, final long count) {
        lateTurns.labelValues(segment).inc(count);
    }

    public void embeddingBatch(final int size, final double seconds) {
        batchSize.observe(size);
        batchDuration.observe(seconds);
    }

    public void bucketClosed(final SegmentMonitor.ClosedBucket bucket) {
        for (final SegmentMonitor.ConceptBucket concept : bucket.concepts()) {
            final String[] labels = {bucket.segmentKey(), concept.concept()};
            bucketMean.labelValues(labels).set(concept.moments().mean());
            calibrating.labelValues(labels).set(concept.reference() == null ? 1 : 0);
            if (concept.reference() != null) {
                referenceMean.labelValues(labels).set(concept.reference().mean());
                referenceSpread.labelValues(labels).set(concept.reference().spread());
                standardized.labelValues(labels).set(concept.standardized());
                cusum.labelValues(labels).set(concept.cusum());
                cusumThreshold.labelValues(labels).set(concept.threshold());
            }
        }
    }

    /** Drops every series of a concept the segment no longer tracks, so dashboards do not show it frozen. */
    public void conceptRetired(final String segment, final String concept) {
        for (final Gauge gauge : List.of(bucketMean, referenceMean, referenceSpread, standardized, cusum, cusumThreshold,
                calibrating, alertActive)) {
            gauge.removeIf(labels -> labels.get(0).equals(segment) && labels.get(1).equals(concept));
        }
    }

    public void conceptRecordRejected() {
        conceptRecordsRejected.inc();
    }

    public void alert(final SegmentMonitor.Alert alert) {
        final AlertState state = alert.event().state();
        alertEvents.labelValues(alert.detector(), state.name()).inc();
        alertActive.labelValues(alert.segmentKey(), alert.concept(), alert.detector()).set(state == AlertState.RESOLVED ? 0 : 1);
    }
}
