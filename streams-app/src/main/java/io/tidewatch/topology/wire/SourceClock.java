package io.tidewatch.topology.wire;

import io.tidewatch.detect.SourceWatermarks;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * The headers through which each score task tells the detect stage how far its event time has
 * got. Every scored turn names its source (the input partition) and the source's watermark
 * before it; after each batch, and when it falls idle, a score task sends a heartbeat (a record
 * with no value) to every partition of the scored topic, so detect tasks hear from every source
 * even when its turns go elsewhere.
 */
public final class SourceClock {

    static final String SOURCE_HEADER = "tidewatch.source";
    static final String WATERMARK_HEADER = "tidewatch.source-watermark";
    static final String IDLE_HEADER = "tidewatch.source-idle";

    /** A source's watermark as a turn or heartbeat carries it. */
    public record Mark(int source, long watermark, boolean idle) {
        public SourceWatermarks.Claim claim() {
            return new SourceWatermarks.Claim(watermark, idle);
        }
    }

    private SourceClock() {
    }

    /** Headers of a scored turn, or of a heartbeat when {@code idle} or no turn goes with them. */
    public static Headers headers(final int source, final long watermark, final boolean idle) {
        final Headers headers = new RecordHeaders();
        headers.add(SOURCE_HEADER, ByteBuffer.allocate(Integer.BYTES).putInt(source).array());
        headers.add(WATERMARK_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(watermark).array());
        if (idle) {
            headers.add(IDLE_HEADER, new byte[0]);
        }
        return headers;
    }

    /**
     * The mark in a record's headers; empty when it has none (records written before sources were
     * tracked, or by hand).
     *
     * @throws IllegalArgumentException if the headers are there but malformed
     */
    public static Optional<Mark> read(final Headers headers) {
        final Header source = headers.lastHeader(SOURCE_HEADER);
        final Header watermark = headers.lastHeader(WATERMARK_HEADER);
        if (source == null && watermark == null) {
            return Optional.empty();
        }
        if (source == null || watermark == null || source.value() == null || watermark.value() == null
                || source.value().length != Integer.BYTES || watermark.value().length != Long.BYTES) {
            throw new IllegalArgumentException("malformed " + SOURCE_HEADER + "/" + WATERMARK_HEADER + " headers");
        }
        return Optional.of(new Mark(ByteBuffer.wrap(source.value()).getInt(), ByteBuffer.wrap(watermark.value()).getLong(),
                headers.lastHeader(IDLE_HEADER) != null));
    }

    /** A claim as its store keeps it. */
    public static byte[] encode(final SourceWatermarks.Claim claim) {
        return ByteBuffer.allocate(Long.BYTES + 1).putLong(claim.watermark()).put((byte) (claim.idle() ? 1 : 0)).array();
    }

    public static SourceWatermarks.Claim decode(final byte[] bytes) {
        final ByteBuffer buffer = ByteBuffer.wrap(bytes);
        return new SourceWatermarks.Claim(buffer.getLong(), buffer.get() == 1);
    }
}
