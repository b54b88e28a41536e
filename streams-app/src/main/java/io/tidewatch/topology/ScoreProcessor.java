package io.tidewatch.topology;

import io.tidewatch.avro.ConversationTurn;
import io.tidewatch.avro.ReplyPassage;
import io.tidewatch.avro.ScoredTurn;
import io.tidewatch.concept.ConceptCatalog;
import io.tidewatch.concept.ReplyScorer;
import io.tidewatch.describe.Passage;
import io.tidewatch.describe.Passages;
import io.tidewatch.describe.Terms;
import io.tidewatch.embed.Embedder;
import io.tidewatch.metrics.TidewatchMetrics;
import io.tidewatch.registry.AvroWireSerde;
import io.tidewatch.topology.wire.EmbeddingBytes;
import io.tidewatch.topology.wire.SourceClock;
import io.tidewatch.topology.wire.TermHashBytes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Score stage: validates each turn, buffers good ones whose conversation is in the sample
 * ({@link ScoringSettings#sampled}) in a changelogged store (so a commit never loses a half-filled
 * batch), embeds them a batch at a time, and forwards one {@link ScoredTurn}
 * per turn keyed by segment. Bad records go to the dead-letter sink inside the topology, so
 * exactly-once covers them too. The task is one source of event time for the detect stage
 * ({@link SourceClock}): it marks each scored turn and sends a heartbeat after each batch, when
 * its input runs dry for the idle timeout, and (as +∞) when a replay's end-of-input marker
 * arrives.
 */
final class ScoreProcessor implements Processor<byte[], byte[], Object, Object> {

    static final String BUFFER_STORE = "score-buffer";
    /** The source's watermark: the greatest event time of the turns it has forwarded. */
    static final String WATERMARK_STORE = "score-watermark";
    private static final Logger LOG = LoggerFactory.getLogger(ScoreProcessor.class);
    private static final int MAX_CACHED_SEGMENTS = 10_000;

    private final String turnsTopic;
    private final AvroWireSerde<ConversationTurn> turnSerde;
    private final Embedder embedder;
    private final Supplier<ConceptCatalog> catalog;
    private final ScoringSettings settings;
    private final TidewatchMetrics metrics;
    private ProcessorContext<Object, Object> context;
    private KeyValueStore<Long, byte[]> buffer;
    private KeyValueStore<Integer, Long> watermarkStore;
    private int source;
    private long watermark;
    /**
     * The greatest event time of the turns left out of the sample since the last flush. They move
     * the source on as scored turns do, so that buckets of a sparsely sampled segment still close:
     * it joins the watermark when the next flush reports.
     */
    private long skippedUntil = Long.MIN_VALUE;
    /** Wall-clock time of the last input record; the task announces itself idle once it is old enough. */
    private long lastInput;
    private boolean idle;
    /**
     * The buffered turns, decoded, in arrival order; the store holds the same turns' bytes keyed by
     * their position in the batch. The store keeps its writes until the commit, so a turn buffered
     * and embedded between two commits never reaches its changelog, and one still buffered at a
     * commit reaches it once.
     */
    private final List<ConversationTurn> pending = new ArrayList<>();
    /** Segments by their label values; cleared when full, as label values may be many. */
    private final Map<List<String>, Segment> segments = new HashMap<>();
    /** Wall-clock time at which the oldest buffered turn arrived (or was restored). */
    private long oldestBufferedAt;
    /**
     * The task's wall clock as it read during the last flush, and how long (really) the flushes
     * made while it read so took. Kafka Streams reads the clock once per run of records, so a turn
     * that follows a flush in the same run carries the time from before the flush; under a
     * backlog it would look a flush's length older than it is, and the linger would embed it in
     * a partial batch.
     */
    private long clockAtFlush = Long.MIN_VALUE;
    private long flushingNanos;

    ScoreProcessor(final String turnsTopic, final AvroWireSerde<ConversationTurn> turnSerde, final Embedder embedder,
                   final Supplier<ConceptCatalog> catalog, final ScoringSettings settings, final TidewatchMetrics metrics) {
        this.turnsTopic = turnsTopic;
        this.turnSerde = turnSerde;
        this.embedder = embedder;
        this.catalog = catalog;
        this.settings = settings;
        this.metrics = metrics;
    }

    @Override
    public void init(final ProcessorContext<Object, Object> context) {
        this.context = context;
        this.buffer = context.getStateStore(BUFFER_STORE);
        this.watermarkStore = context.getStateStore(WATERMARK_STORE);
        this.source = context.taskId().partition();
        final Long stored = watermarkStore.get(source);
        this.watermark = stored != null ? stored : Long.MIN_VALUE;
        this.lastInput = context.currentSystemTimeMs();
        this.idle = false;
        // After a restart the buffer holds what was accepted but not yet scored, in key (= arrival) order.
        pending.clear();
        final List<KeyValue<Long, byte[]>> restored = new ArrayList<>();
        try (KeyValueIterator<Long, byte[]> all = buffer.all()) {
            all.forEachRemaining(restored::add);
        }
        for (final KeyValue<Long, byte[]> entry : restored) {
            final long position = pending.size();
            if (entry.key != position) {
                // Written by a version that keyed the buffer by a running sequence: move the turn to its position.
                buffer.delete(entry.key);
                buffer.put(position, entry.value);
            }
            pending.add(turnSerde.deserialize(turnsTopic, entry.value));
        }
        oldestBufferedAt = context.currentSystemTimeMs();
        // A partial batch is embedded once its oldest turn has waited the linger, checked ten times per linger. Flushing on
        // every tick instead would, under a backlog, embed whatever a tick finds: a few turns, each batch followed by a commit.
        context.schedule(settings.linger().dividedBy(10).plusMillis(1), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    private void punctuate(final long now) {
        if (now - oldestBufferedAt >= settings.linger().toMillis()) {
            flush();
        }
        if (!idle && !waiting() && now - lastInput >= settings.idleTimeout().toMillis()) {
            idle = true;
            heartbeat(watermark, true);
        }
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        lastInput = context.currentSystemTimeMs();
        idle = false;
        if (record.value() == null && record.headers().lastHeader(TidewatchTopology.END_OF_INPUT_HEADER) != null) {
            // Everything before the marker is in: score it and let the detect stage close every bucket.
            flush();
            heartbeat(Long.MAX_VALUE, false);
            return;
        }
        metrics.turnConsumed();
        final ConversationTurn turn;
        try {
            turn = turnSerde.deserialize(turnsTopic, record.headers(), record.value());
        } catch (final SerializationException e) {
            deadLetter(record, DeadLetter.UNDECODABLE, e.getMessage());
            return;
        }
        if (turn == null) {
            deadLetter(record, DeadLetter.UNDECODABLE, "null value");
        } else if (turn.getResponse() == null || turn.getResponse().isBlank()) {
            deadLetter(record, DeadLetter.MISSING_RESPONSE, "response is empty");
        } else if (turn.getModel() == null || turn.getModel().isBlank()) {
            deadLetter(record, DeadLetter.MISSING_MODEL, "model is empty");
        } else if (turn.getTimestamp().toEpochMilli() > record.timestamp() + settings.maxFutureSkew().toMillis()) {
            deadLetter(record, DeadLetter.TIMESTAMP_SKEW, "event time " + turn.getTimestamp() + " is more than "
                    + settings.maxFutureSkew() + " after the record's timestamp " + Instant.ofEpochMilli(record.timestamp()));
        } else {
            metrics.turnSeen(segmentOf(turn).key());
            startLinger();
            if (settings.sampled(turn)) {
                // The buffer keeps values only: one whose schema id came in a header keeps it as a prefix.
                buffer.put((long) pending.size(), turnSerde.withSchemaIdPrefix(record.headers(), record.value()));
                pending.add(turn);
                if (pending.size() >= settings.batchSize()) {
                    flush();
                }
            } else {
                // Out of the sample: counted, never embedded; its event time still moves the source on at the next flush.
                skippedUntil = Math.max(skippedUntil, turn.getTimestamp().toEpochMilli());
            }
        }
    }

    /** Whether turns wait for the next flush: buffered ones to embed, or skipped ones whose event time is not reported yet. */
    private boolean waiting() {
        return !pending.isEmpty() || skippedUntil > watermark;
    }

    /** Starts the linger's clock if nothing waits yet: the turn about to arrive is the oldest. */
    private void startLinger() {
        if (!waiting()) {
            final long clock = context.currentSystemTimeMs();
            oldestBufferedAt = clock == clockAtFlush ? clock + flushingNanos / 1_000_000 : clock;
        }
    }

    private void flush() {
        if (!waiting()) {
            return;
        }
        if (!pending.isEmpty()) {
            embedAndForward();
        }
        watermark = Math.max(watermark, skippedUntil);
        watermarkStore.put(source, watermark);
        heartbeat(watermark, false);
    }

    private void embedAndForward() {
        // One catalog for the whole batch, even if a new one arrives meanwhile; each reply records what it was scored with.
        final ConceptCatalog scoring = catalog.get();
        final long clock = context.currentSystemTimeMs();
        if (clock != clockAtFlush) {
            clockAtFlush = clock;
            flushingNanos = 0;
        }
        final long started = System.nanoTime();
        final ReplyScorer.Batch scored = new ReplyScorer(embedder, scoring, settings.mode()).score(
                pending.stream().map(ConversationTurn::getResponse).toList(),
                pending.stream().map(turn -> settings.scorePrompts() ? turn.getPrompt() : null).toList());
        metrics.embeddingBatch(pending.size(), (System.nanoTime() - started) / 1e9);
        final Map<String, String> versions = scoring.versions();
        for (int i = 0; i < pending.size(); i++) {
            forwardScored(pending.get(i), scored.replies().get(i), scored.prompts().get(i), scoring.embeddingModel(), versions);
            buffer.delete((long) i);
        }
        pending.clear();
        flushingNanos += System.nanoTime() - started;
    }

    /** Tells every detect task how far this source has got: a record with no value, sent to every partition. */
    private void heartbeat(final long at, final boolean idleNow) {
        context.forward(new Record<Object, Object>(null, null, Math.max(0, context.currentStreamTimeMs()), SourceClock.headers(source, at, idleNow)),
                TidewatchTopology.SCORED_SINK);
    }

    private void forwardScored(final ConversationTurn turn, final ReplyScorer.Scored result, final Map<String, Double> promptScores,
                               final String embeddingModel, final Map<String, String> conceptVersions) {
        final Segment segment = segmentOf(turn);
        final String key = segment.key();
        final String response = turn.getResponse();
        final int excerptChars = settings.excerptCharsFor(turn);
        final ScoredTurn scored = ScoredTurn.newBuilder()
                .setConversationId(turn.getConversationId())
                .setTurn(turn.getTurn())
                .setTimestamp(turn.getTimestamp())
                .setSegment(segment.labels())
                .setSegmentKey(key)
                .setEmbeddingModel(embeddingModel)
                .setScores(result.scores())
                // Set, though empty: the builder would otherwise deep-copy the field's default per turn.
                .setEmbedding(List.of())
                .setEmbeddingF32(settings.carryEmbedding() ? EmbeddingBytes.encode(result.embedding()) : EmbeddingBytes.NONE)
                .setTermHashes(settings.carryEmbedding() ? TermHashBytes.encode(Terms.hashes(response)) : TermHashBytes.NONE)
                .setConceptVersions(conceptVersions)
                .setExcerpt(excerptChars == 0 ? null : response.substring(0, Math.min(response.length(), excerptChars)))
                .setTruncated(result.truncated())
                .setPassages(passages(response, result, excerptChars))
                .setPromptScores(promptScores)
                .build();
        metrics.turnScored(key, turn.getTimestamp());
        if (result.truncated()) {
            metrics.turnTruncated(key);
        }
        final long eventTime = turn.getTimestamp().toEpochMilli();
        context.forward(new Record<Object, Object>(key, scored, eventTime, SourceClock.headers(source, watermark, false)),
                TidewatchTopology.SCORED_SINK);
        watermark = Math.max(watermark, eventTime);
    }

    /** The reply's passages as the wire carries them, each at most {@code excerptChars}; none when excerpts are off. */
    private static List<ReplyPassage> passages(final String response, final ReplyScorer.Scored result, final int excerptChars) {
        final List<ReplyPassage> wire = new ArrayList<>();
        for (final Passage passage : Passages.of(response, result, excerptChars)) {
            wire.add(new ReplyPassage(passage.excerpt(), passage.sentence(), passage.concepts()));
        }
        return wire;
    }

    /** A segment's labels and its key, formatted once per segment rather than once per turn. */
    private record Segment(Map<String, String> labels, String key) {
    }

    private Segment segmentOf(final ConversationTurn turn) {
        final List<String> values = new ArrayList<>(settings.segmentLabels().size());
        for (final String label : settings.segmentLabels()) {
            values.add(SegmentKey.labelValue(turn, label));
        }
        if (segments.size() >= MAX_CACHED_SEGMENTS) {
            segments.clear();
        }
        return segments.computeIfAbsent(values, v -> {
            final Map<String, String> labels = new TreeMap<>();
            for (int i = 0; i < v.size(); i++) {
                labels.put(settings.segmentLabels().get(i), v.get(i));
            }
            return new Segment(Collections.unmodifiableMap(labels), SegmentKey.format(labels));
        });
    }

    private void deadLetter(final Record<byte[], byte[]> record, final DeadLetter reason, final String detail) {
        metrics.deadLettered(reason.tag());
        final Headers headers = new RecordHeaders(record.headers().toArray());
        headers.add(DeadLetter.REASON_HEADER, bytes(reason.tag()));
        headers.add(DeadLetter.DETAIL_HEADER, bytes(detail));
        context.recordMetadata().ifPresent((RecordMetadata source) -> {
            headers.add(DeadLetter.TOPIC_HEADER, bytes(source.topic()));
            headers.add(DeadLetter.PARTITION_HEADER, bytes(Integer.toString(source.partition())));
            headers.add(DeadLetter.OFFSET_HEADER, bytes(Long.toString(source.offset())));
        });
        LOG.warn("dead-lettered a record from {}: {} ({})", turnsTopic, reason.tag(), detail);
        context.forward(new Record<Object, Object>(record.key(), record.value(), record.timestamp(), headers), TidewatchTopology.DEAD_LETTER_SINK);
    }

    private static byte[] bytes(final String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
