package io.tidewatch.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.StatefulMetric;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import io.tidewatch.describe.TermContrast;
import io.tidewatch.detect.Alert;
import io.tidewatch.detect.ClosedBucket;
import io.tidewatch.detect.ConceptBucket;
import io.tidewatch.detect.Episode;
import io.tidewatch.detect.LifecycleState;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.detect.ShiftNaming;
import io.tidewatch.stats.Reference;
import java.time.Instant;
import java.util.List;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Every metric the app exports, on one registry. Names are prefixed {@code tidewatch_} and use
 * base units; per-stream gauges carry {@code segment} and {@code concept} labels. Everything
 * labelled by segment is owned by the instance whose detect task holds that segment, and is
 * dropped by {@link #segmentReleased} when the task leaves.
 */
public final class TidewatchMetrics {

    private final PrometheusRegistry registry;
    private final Counter turnsConsumed;
    private final Counter turnsSeen;
    private LongSupplier cacheHits = () -> 0;
    private LongSupplier cacheMisses = () -> 0;
    private final Counter turnsScored;
    private final Counter turnsTruncated;
    private final Counter deadLetters;
    private final Counter lateTurns;
    private final Counter alertEvents;
    private final Counter conceptRecordsRejected;
    private final Counter embeddingsIgnored;
    private final Histogram batchSize;
    private final Histogram batchDuration;
    private final Histogram scoreLag;
    private final Gauge bucketMean;
    private final Gauge judgedMean;
    private final Gauge bucketStandardError;
    private final Gauge referenceMean;
    private final Gauge referenceSpread;
    private final Gauge standardized;
    private final Gauge cusum;
    private final Gauge cusumThreshold;
    private final Gauge calibrating;
    private final Gauge alertActive;
    private final Gauge unexplainedShift;
    private final Gauge unexplainedShiftTerms;
    private final Gauge budgetStreams;
    private final Gauge monitoredStreams;
    /** The series of the detect stage; every one has {@code segment} as its first label. */
    private final List<StatefulMetric<?, ?>> segmentOwned;

    public TidewatchMetrics(final PrometheusRegistry registry) {
        this.registry = registry;
        turnsConsumed = Counter.builder().name("tidewatch_turns_consumed_total")
                .help("Records read from the turns topic, good or bad").register(registry);
        turnsSeen = Counter.builder().name("tidewatch_turns_seen_total")
                .help("Valid turns, in the sample or not (tidewatch.sample.rate); scored over seen is the share sampled").labelNames("segment")
                .register(registry);
        turnsScored = Counter.builder().name("tidewatch_turns_scored_total")
                .help("Turns embedded and scored").labelNames("segment").register(registry);
        turnsTruncated = Counter.builder().name("tidewatch_turns_truncated_total")
                .help("Scored turns of which the model saw only the first 256 tokens of the reply (or of one of its sentences)")
                .labelNames("segment").register(registry);
        deadLetters = Counter.builder().name("tidewatch_dead_letters_total")
                .help("Records sent to the dead-letter topic, by reason").labelNames("reason").register(registry);
        lateTurns = Counter.builder().name("tidewatch_late_turns_total")
                .help("Scored turns whose bucket had already closed").labelNames("segment").register(registry);
        alertEvents = Counter.builder().name("tidewatch_alert_events_total")
                .help("Alert lifecycle events emitted").labelNames("detector", "state").register(registry);
        conceptRecordsRejected = Counter.builder().name("tidewatch_concept_records_rejected_total")
                .help("Records on the concept catalog topic that could not be used; the concept kept its previous definition")
                .register(registry);
        embeddingsIgnored = Counter.builder().name("tidewatch_embeddings_ignored_total")
                .help("Scored turns whose embedding or term hashes were malformed: the unexplained-shift detector did without them, their concept scores counted")
                .register(registry);
        batchSize = Histogram.builder().name("tidewatch_embedding_batch_size")
                .help("Replies per embedding batch").classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128).register(registry);
        batchDuration = Histogram.builder().name("tidewatch_embedding_batch_duration_seconds").unit(Unit.SECONDS)
                .help("Time to embed one batch").classicExponentialUpperBounds(0.005, 2, 12).register(registry);
        // From live (seconds) to replays of old logs (days): one histogram serves both.
        scoreLag = Histogram.builder().name("tidewatch_turn_score_lag_seconds").unit(Unit.SECONDS)
                .help("Wall-clock time of scoring minus the turn's event time")
                .classicUpperBounds(0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400, 604800)
                .register(registry);
        bucketMean = streamGauge("tidewatch_bucket_mean_score", "Mean concept score of the last closed bucket");
        judgedMean = streamGauge("tidewatch_bucket_judged_mean_score", "Mean of the score the detectors judged the last closed bucket by:"
                + " prompt-adjusted (each reply's score less what its prompt predicts) when the reference has a prompt line, else the bucket mean");
        bucketStandardError = streamGauge("tidewatch_bucket_standard_error_score",
                "Standard error of the last closed bucket's mean under the reference, sqrt(sigma^2/n + tau^2)");
        referenceMean = streamGauge("tidewatch_reference_mean_score", "Mean concept score of the anchored reference");
        referenceSpread = streamGauge("tidewatch_reference_spread_score", "Per-reply standard deviation of the reference");
        standardized = streamGauge("tidewatch_standardized_statistic", "Standardised statistic z of the last closed bucket");
        cusum = streamGauge("tidewatch_cusum_statistic", "Upper CUSUM statistic after the last closed bucket");
        cusumThreshold = streamGauge("tidewatch_cusum_threshold", "CUSUM alarm threshold derived from the false-alarm budget");
        calibrating = streamGauge("tidewatch_concept_calibrating", "1 while the concept's reference is being calibrated, 0 once it is frozen");
        alertActive = Gauge.builder().name("tidewatch_alert_active")
                .help("1 while an alert episode is open").labelNames("segment", "concept", "detector").register(registry);
        unexplainedShift = Gauge.builder().name("tidewatch_unexplained_shift_size")
                .help("Size of the segment's last judged mean-embedding shift from its reference, in units of its noise: the z of a"
                        + " standard normal as rare as the most significant horizon's squared shift length under the reference"
                        + " (3 is as rare as a three-sigma event)")
                .labelNames("segment").register(registry);
        unexplainedShiftTerms = Gauge.builder().name("tidewatch_unexplained_shift_terms")
                .help("1 while the segment's unexplained-shift episode is open, labelled with the first three key terms its replies overuse"
                        + " (from its latest event; '(none)' when none stands out); one series per segment at most")
                .labelNames("segment", "terms").register(registry);
        budgetStreams = Gauge.builder().name("tidewatch_false_alarm_budget_streams")
                .help("Monitored streams the false-alarm budget is divided over: each detector's threshold assumes the deployment has this many")
                .register(registry);
        monitoredStreams = Gauge.builder().name("tidewatch_monitored_streams")
                .help("Streams the segment monitors: one per concept it tracks, plus its unexplained-shift stream; summed over segments,"
                        + " more than tidewatch_false_alarm_budget_streams means the deployment spends more than its false-alarm budget")
                .labelNames("segment").register(registry);
        segmentOwned = List.of(lateTurns, bucketMean, judgedMean, bucketStandardError, referenceMean, referenceSpread, standardized,
                cusum, cusumThreshold, calibrating, alertActive, unexplainedShift, unexplainedShiftTerms, monitoredStreams);
    }

    /**
     * Exports every counter series an operator may look for at zero before its first event, so a
     * healthy deployment shows "none" where a series born at its first increment shows "no data";
     * and what the detectors' thresholds assume.
     *
     * @param detectors         detectors that raise alert episodes
     * @param deadLetterReasons every reason a record can be dead-lettered for
     * @param budgetStreams     monitored streams the false-alarm budget was divided over
     */
    public void expect(final List<String> detectors, final List<String> deadLetterReasons, final int budgetStreams) {
        this.budgetStreams.set(budgetStreams);
        deadLetterReasons.forEach(deadLetters::initLabelValues);
        for (final String detector : detectors) {
            for (final LifecycleState state : List.of(LifecycleState.OPEN, LifecycleState.UPDATE, LifecycleState.RESOLVED)) {
                alertEvents.initLabelValues(detector, state.name());
            }
        }
        alertEvents.initLabelValues(SegmentMonitor.REFERENCE_PIN, LifecycleState.AUDIT.name());
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

    /** Turns scored by this instance, all segments together. */
    public long turnsScored() {
        return (long) turnsScored.collect().getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
    }

    /** Records this instance sent to the dead-letter topic, all reasons together. */
    public long deadLettered() {
        return (long) deadLetters.collect().getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
    }

    /** Scored turns whose bucket had already closed, on the segments this instance holds. */
    public long lateTurns() {
        return (long) lateTurns.collect().getDataPoints().stream().mapToDouble(d -> d.getValue()).sum();
    }

    public void turnConsumed() {
        turnsConsumed.inc();
    }

    /** Exports the score stage's embedding cache: texts served from it (or repeated within a batch), and texts the model embedded. */
    public void embeddingCache(final LongSupplier hits, final LongSupplier misses) {
        this.cacheHits = hits;
        this.cacheMisses = misses;
        CounterWithCallback.builder().name("tidewatch_embedding_cache_texts_total")
                .help("Texts the score stage embedded, by whether the cache served them (hit) or the model ran (miss)").labelNames("result")
                .callback(out -> {
                    out.call(hits.getAsLong(), "hit");
                    out.call(misses.getAsLong(), "miss");
                }).register(registry);
    }

    /** Texts the score stage's embedding cache served, and texts the model embedded behind it; both 0 with the cache off. */
    public long embeddingCacheHits() {
        return cacheHits.getAsLong();
    }

    public long embeddingCacheMisses() {
        return cacheMisses.getAsLong();
    }

    /** A valid turn of {@code segment} arrived: it will be scored if its conversation is in the sample. */
    public void turnSeen(final String segment) {
        turnsSeen.labelValues(segment).inc();
    }

    /** A turn of {@code segment} stamped {@code eventTime} was scored now. */
    public void turnScored(final String segment, final Instant eventTime) {
        turnsScored.labelValues(segment).inc();
        // Wall clock on purpose: this measures the pipeline, never a statistic.
        scoreLag.observe((System.currentTimeMillis() - eventTime.toEpochMilli()) / 1e3);
    }

    /** A turn of {@code segment} was scored on the start of its reply only: counted, never dropped. */
    public void turnTruncated(final String segment) {
        turnsTruncated.labelValues(segment).inc();
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

    /** Embedding batches run by this instance. */
    public long embeddingBatches() {
        return batchDuration.collect().getDataPoints().stream().mapToLong(d -> d.getCount()).sum();
    }

    /** Seconds this instance spent embedding (and scoring) batches, all together: the model's busy time. */
    public double embeddingSeconds() {
        return batchDuration.collect().getDataPoints().stream().mapToDouble(d -> d.getSum()).sum();
    }

    /** A bucket of a segment closed, leaving the segment's detectors in {@code state}. */
    public void bucketClosed(final ClosedBucket bucket, final SegmentState state) {
        // Zero rather than absent: an operator reads "none" where a missing series reads "no data".
        lateTurns.initLabelValues(bucket.segmentKey());
        monitoredStreams.labelValues(bucket.segmentKey()).set(bucket.concepts().size() + (bucket.embedding() != null ? 1 : 0));
        if (bucket.shiftSize() != null) {
            unexplainedShift.labelValues(bucket.segmentKey()).set(bucket.shiftSize());
        }
        for (final ConceptBucket concept : bucket.concepts()) {
            final String[] labels = {bucket.segmentKey(), concept.concept()};
            bucketMean.labelValues(labels).set(concept.moments().mean());
            calibrating.labelValues(labels).set(concept.reference() == null ? 1 : 0);
            if (concept.reference() != null) {
                judged(labels, concept, state.concepts.get(concept.concept()));
            }
        }
    }

    /** The gauges of a stream past calibration, whose bucket was judged against its reference. */
    private void judged(final String[] labels, final ConceptBucket concept, final SegmentState.ConceptTrack track) {
        final Reference reference = concept.reference();
        // The denominator of Reference#standardize: the band the bucket mean is judged against.
        bucketStandardError.labelValues(labels).set(Math.sqrt(reference.bucketVariance(concept.moments().count())));
        judgedMean.labelValues(labels).set(concept.judgedMean());
        referenceMean.labelValues(labels).set(reference.mean());
        referenceSpread.labelValues(labels).set(reference.spread());
        standardized.labelValues(labels).set(concept.standardized());
        cusum.labelValues(labels).set(concept.cusum());
        cusumThreshold.labelValues(labels).set(concept.threshold());
        // From the detector's state rather than its events, so that an instance that has just taken
        // the segment over (or restarted) shows an episode that opened elsewhere as open.
        alertActive.labelValues(labels[0], labels[1], SegmentMonitor.CUSUM).set(open(track.upper.cusum, track.lower.cusum));
        alertActive.labelValues(labels[0], labels[1], SegmentMonitor.SPIKE).set(open(track.upper.spike, track.lower.spike));
        alertActive.labelValues(labels[0], labels[1], SegmentMonitor.SLOW).set(open(track.upper.slow, track.lower.slow));
    }

    private static double open(final Episode upper, final Episode lower) {
        return upper != null || lower != null ? 1 : 0;
    }

    /** Drops every series of a concept the segment no longer tracks, so dashboards do not show it frozen. */
    public void conceptRetired(final String segment, final String concept) {
        for (final Gauge gauge : List.of(bucketMean, judgedMean, bucketStandardError, referenceMean, referenceSpread, standardized, cusum,
                cusumThreshold, calibrating, alertActive)) {
            gauge.removeIf(labels -> labels.get(0).equals(segment) && labels.get(1).equals(concept));
        }
    }

    public void shiftInputIgnored() {
        embeddingsIgnored.inc();
    }

    public void conceptRecordRejected() {
        conceptRecordsRejected.inc();
    }

    public void alert(final Alert alert) {
        final LifecycleState state = alert.event().state();
        final String detector = alert.finding().detector();
        alertEvents.labelValues(detector, state.name()).inc();
        if (alert.finding().concept() == null && state != LifecycleState.AUDIT) {
            // Concept detectors are exported from their state at each closed bucket; the
            // unexplained-shift detector watches no concept, so its events set its gauge.
            alertActive.labelValues(alert.segmentKey(), "", detector).set(state == LifecycleState.RESOLVED ? 0 : 1);
        }
        if (detector.equals(SegmentMonitor.UNEXPLAINED_SHIFT) && state != LifecycleState.AUDIT) {
            // One series per segment: the terms of its open episode as its latest event names them.
            unexplainedShiftTerms.removeIf(labels -> labels.get(0).equals(alert.segmentKey()));
            if (state != LifecycleState.RESOLVED) {
                final ShiftNaming naming = alert.finding().naming();
                final String terms = naming == null || naming.terms().isEmpty() ? "(none)"
                        : naming.terms().stream().limit(3).map(TermContrast::term).collect(Collectors.joining(", "));
                unexplainedShiftTerms.labelValues(alert.segmentKey(), terms).set(1);
            }
        }
    }

    /**
     * Stops exporting every series of {@code segment}: its partition moved to another instance,
     * which exports it from now on. Left in place, the last values would stay frozen here and
     * double every per-segment panel.
     */
    public void segmentReleased(final String segment) {
        for (final StatefulMetric<?, ?> metric : segmentOwned) {
            metric.removeIf(labels -> labels.get(0).equals(segment));
        }
    }
}
