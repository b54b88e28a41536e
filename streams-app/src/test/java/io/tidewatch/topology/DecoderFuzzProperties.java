package io.tidewatch.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidewatch.avro.SegmentStats;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/** Whatever bytes arrive on the turns topic, the stream thread keeps going and good turns are still scored. */
class DecoderFuzzProperties {

    @Property(tries = 200)
    void randomBytesAreDeadLetteredAndTheStreamGoesOn(@ForAll @Size(max = 300) final List<byte[]> garbage) {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(1))) {
            garbage.forEach(bytes -> f.pipeRaw("k", bytes, TopologyFixture.T0));
            f.pipe(TopologyFixture.turn("m", "good", TopologyFixture.T0, "a perfectly ordinary reply"));
            f.pipe(TopologyFixture.turn("m", "later", TopologyFixture.T0.plus(Duration.ofMinutes(2)), "another ordinary reply"));

            final List<SegmentStats> stats = f.stats.readValuesToList();
            assertThat(stats).hasSize(1);
            assertThat(stats.get(0).getCount()).isEqualTo(1);
            // Bytes that happen to decode as a valid turn are scored, not dead-lettered; nothing is lost either way.
            assertThat(f.deadLetters.getQueueSize()).isBetween(0L, (long) garbage.size());
        }
    }

    @Property(tries = 200)
    void wireFormatHeaderWithRandomBodyNeverStopsTheStream(@ForAll @Size(max = 200) final byte[] body) {
        try (TopologyFixture f = new TopologyFixture(TopologyFixture.scoring(1))) {
            final byte[] framed = new byte[5 + body.length];
            framed[4] = 1; // magic 0, schema id 1: the registered ConversationTurn schema
            System.arraycopy(body, 0, framed, 5, body.length);
            f.pipe(TopologyFixture.turn("m", "first", Instant.parse("2026-01-01T00:00:00Z"), "register the schema first"));
            f.pipeRaw("k", framed, TopologyFixture.T0);
            f.pipe(TopologyFixture.turn("m", "later", TopologyFixture.T0.plus(Duration.ofMinutes(2)), "another ordinary reply"));
            assertThat(f.stats.readValuesToList()).extracting(SegmentStats::getCount).containsExactly(1L);
        }
    }
}
