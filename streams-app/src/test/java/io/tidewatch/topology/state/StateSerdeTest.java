package io.tidewatch.topology.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.detect.Alert;
import io.tidewatch.detect.AlertLifecycle;
import io.tidewatch.detect.DetectionSettings;
import io.tidewatch.detect.FalseAlarmBudget;
import io.tidewatch.detect.HistoryGranule;
import io.tidewatch.detect.ScoredReply;
import io.tidewatch.detect.SegmentMonitor;
import io.tidewatch.detect.SegmentState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/**
 * The detector state survives its changelogged stores: a segment restored from what they hold
 * (the state without its open buckets, and each open reply on its own) carries on exactly as the
 * original, whether the store holds it as CBOR or as the JSON earlier versions wrote.
 */
class StateSerdeTest {

    private static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private static final DetectionSettings SETTINGS = new DetectionSettings(Duration.ofMinutes(1), Duration.ZERO,
            Duration.ofMinutes(60), FalseAlarmBudget.defaultBudget().streamArl0Buckets(Duration.ofMinutes(1), 20),
            List.of(0.1, 0.2, 0.4, 0.8), true, Duration.ofHours(2), Duration.ofMinutes(30), Duration.ofDays(1),
            AlertLifecycle.Settings.defaults(), 3);
    private static final SegmentMonitor MONITOR = new SegmentMonitor(SETTINGS, Map.of("tone", new float[] {1, 0, 0, 0}));

    /**
     * Minutes of 30 replies with a tone score and a 4-dimensional embedding, both shifted by
     * {@code shift}; four in five have a scored prompt, which the tone follows.
     */
    private static List<Alert> feed(final SegmentState state, final SplittableRandom random, final int from, final int minutes,
                                    final double shift) {
        final List<Alert> alerts = new ArrayList<>();
        for (int minute = from; minute < from + minutes; minute++) {
            for (int i = 0; i < 30; i++) {
                final float[] e = {(float) (shift + 0.3 * random.nextGaussian()), (float) (0.5 + 0.2 * random.nextGaussian()),
                    (float) (0.2 * random.nextGaussian()), (float) (0.1 * random.nextGaussian())};
                final double prompt = 0.1 * random.nextGaussian();
                alerts.addAll(MONITOR.accept(state, new ScoredReply("c" + minute + "-" + i, i % 3, T0 + minute * 60_000L + i * 1_000L,
                        Map.of("tone", shift + 0.5 * prompt + 0.1 * random.nextGaussian()), "excerpt " + i, e, Map.of(), new int[0], List.of(),
                        i % 5 == 0 ? Map.of() : Map.of("tone", prompt))).alerts());
            }
        }
        return alerts;
    }

    @Test
    void aRestoredSegmentStateGivesTheSameAlertsAsTheOriginal() {
        final StateSerde<SegmentState> serde = new StateSerde<>(SegmentState.class);
        final SegmentState original = new SegmentState("model=m");
        final List<Alert> before = feed(original, new SplittableRandom(1), 0, 200, 0.0);
        before.addAll(feed(original, new SplittableRandom(2), 200, 60, 0.3));
        assertThat(before).isNotEmpty();
        assertThat(original.shift.reference).isNotNull();
        assertThat(original.concepts.get("tone").reference.line()).isNotNull();

        assertThat(original.openBuckets).isNotEmpty();

        final SegmentState restored = serde.deserializer().deserialize("t", serde.serializer().serialize("t", original));
        assertThat(restored.openBuckets).as("open replies are kept in a store of their own").isEmpty();
        original.openBuckets.forEach((start, replies) -> replies.forEach(reply ->
                restored.openBuckets.computeIfAbsent(start, s -> new ArrayList<>()).add(OpenReplies.decode(OpenReplies.encode(reply)))));
        assertThat(feed(restored, new SplittableRandom(3), 260, 120, 0.3))
                .isEqualTo(feed(original, new SplittableRandom(3), 260, 120, 0.3));
    }

    @Test
    void aRestoredHistoryGranuleMergesLikeTheOriginal() {
        final StateSerde<HistoryGranule> serde = new StateSerde<>(HistoryGranule.class);
        final SegmentState state = new SegmentState("model=m");
        final HistoryGranule granule = new HistoryGranule();
        final SplittableRandom random = new SplittableRandom(4);
        for (int minute = 0; minute < 10; minute++) {
            feed(state, random, minute, 1, 0.0);
            MONITOR.advanceTo(state, T0 + (minute + 1) * 60_000L).closedBuckets().forEach(granule::add);
        }
        final HistoryGranule restored = serde.deserializer().deserialize("t", serde.serializer().serialize("t", granule));
        assertThat(restored.replies).isEqualTo(granule.replies).isEqualTo(300);
        assertThat(restored.concepts).isEqualTo(granule.concepts);
        assertThat(restored.shift.total.sum).containsExactly(granule.shift.total.sum);
        assertThat(restored.shift.folds[0].sumHalfDifferenceProducts).containsExactly(granule.shift.folds[0].sumHalfDifferenceProducts);
        assertThat(restored.shift.sumWithinSquares).isEqualTo(granule.shift.sumWithinSquares);
        assertThat(restored.concepts.get("tone").hours()).isNotEmpty().isEqualTo(granule.concepts.get("tone").hours());
        assertThat(restored.shift.hours).isNotEmpty().hasSameSizeAs(granule.shift.hours);
        granule.shift.hours.forEach((hour, sums) -> assertThat(restored.shift.hours.get(hour).sum).containsExactly(sums.sum));
    }

    @Test
    void aSegmentStateWrittenAsJsonByAnEarlierVersionIsReadAndRewrittenAsCbor() throws Exception {
        final StateSerde<SegmentState> serde = new StateSerde<>(SegmentState.class);
        final SegmentState original = new SegmentState("model=m");
        feed(original, new SplittableRandom(5), 0, 90, 0.0);
        MONITOR.advanceTo(original, T0 + 90 * 60_000L);
        final byte[] json = new com.fasterxml.jackson.databind.ObjectMapper()
                .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.GETTER, com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
                .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.IS_GETTER, com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.NONE)
                .setVisibility(com.fasterxml.jackson.annotation.PropertyAccessor.FIELD, com.fasterxml.jackson.annotation.JsonAutoDetect.Visibility.ANY)
                .writeValueAsBytes(original);
        assertThat(json[0]).isEqualTo((byte) '{');

        final SegmentState fromJson = serde.deserializer().deserialize("t", json);
        final byte[] cbor = serde.serializer().serialize("t", fromJson);
        assertThat(cbor).startsWith((byte) 0xd9, (byte) 0xd9, (byte) 0xf7).hasSizeLessThan(json.length);
        final SegmentState fromCbor = serde.deserializer().deserialize("t", cbor);
        assertThat(feed(fromCbor, new SplittableRandom(6), 90, 120, 0.3))
                .isNotEmpty()
                .isEqualTo(feed(fromJson, new SplittableRandom(6), 90, 120, 0.3))
                .isEqualTo(feed(original, new SplittableRandom(6), 90, 120, 0.3));
    }

    @Test
    void bytesThatAreNeitherCborNorJsonAreASerializationErrorNamingTheState() {
        final StateSerde<HistoryGranule> serde = new StateSerde<>(HistoryGranule.class);
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", new byte[] {(byte) 0xd9, (byte) 0xd9, (byte) 0xf7, 0x01, 0x02}))
                .isInstanceOf(SerializationException.class).hasMessageContaining("HistoryGranule");
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", "not a state".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .isInstanceOf(SerializationException.class).hasMessageContaining("HistoryGranule");
    }
}
