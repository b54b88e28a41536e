package io.tidewatch.topology;

import io.tidewatch.detect.HistoryGranule;
import io.tidewatch.detect.ReferencePin;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import io.tidewatch.metrics.TidewatchMetrics;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies operator re-pins from the control topic: gathers the segment's history granules of the
 * requested period and lets the pure {@link SegmentMonitor} re-anchor the segment; forwards the
 * audit event (and the resolution of episodes the old reference had open) to the alerts topic.
 */
final class PinProcessor implements Processor<String, io.tidewatch.avro.ReferencePin, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(PinProcessor.class);

    private final SegmentMonitor monitor;
    private final TidewatchMetrics metrics;
    private ProcessorContext<String, Object> context;
    private KeyValueStore<String, SegmentState> segments;
    private WindowStore<String, HistoryGranule> history;

    PinProcessor(final SegmentMonitor monitor, final TidewatchMetrics metrics) {
        this.monitor = monitor;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.segments = context.getStateStore(DetectProcessor.SEGMENT_STORE);
        this.history = context.getStateStore(DetectProcessor.HISTORY_STORE);
    }

    @Override
    public void process(final Record<String, io.tidewatch.avro.ReferencePin> record) {
        final io.tidewatch.avro.ReferencePin request = record.value();
        if (request == null || !request.getFrom().isBefore(request.getTo())) {
            // `tidewatch reference pin` never writes these; a hand-made record must not stop the app.
            LOG.warn("ignoring a re-pin without a calibration period: {}", request);
            return;
        }
        final ReferencePin pin = new ReferencePin(request.getSegmentKey(), request.getFrom().toEpochMilli(),
                request.getTo().toEpochMilli(), request.getRequestedBy(), request.getReason(), request.getRequestedAt().toEpochMilli());
        final SegmentState state = DetectProcessor.stateOf(segments, pin.segmentKey());
        final SegmentMonitor.Output output = monitor.pin(state, pin, historyOf(pin));
        segments.put(pin.segmentKey(), state);
        DetectProcessor.forwardAlerts(context, metrics, output.alerts());
    }

    private HistoryGranule historyOf(final ReferencePin pin) {
        final HistoryGranule merged = new HistoryGranule();
        try (WindowStoreIterator<HistoryGranule> granules = history.fetch(pin.segmentKey(),
                monitor.granuleStart(pin.from()), monitor.granuleStart(pin.to() - 1))) {
            while (granules.hasNext()) {
                final KeyValue<Long, HistoryGranule> granule = granules.next();
                merged.merge(granule.value);
            }
        }
        return merged;
    }
}
