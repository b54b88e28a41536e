package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class OverloadBenchmarkTest {

    private static final long MIB = 1L << 20;

    private static OverloadBenchmark.Result live(final long atInputStop, final long afterDrain) {
        // Heap in use at the cap and after GC near it: neither moves the verdict, which is on the live set alone.
        return new OverloadBenchmark.Result(100, 200, 1000, 1000, 0, 0, 1024 * MIB, 1000 * MIB, atInputStop, afterDrain, 10, 1);
    }

    @Test
    void theLiveSetMayTakeHalfTheHeapCapAndNeverMoreThanHalfOfOneGib() {
        assertThat(OverloadBenchmark.liveSetBound(1024 * MIB)).isEqualTo(512 * MIB);
        assertThat(OverloadBenchmark.liveSetBound(768 * MIB)).isEqualTo(384 * MIB);
        assertThat(OverloadBenchmark.liveSetBound(6040 * MIB)).isEqualTo(512 * MIB);
    }

    @Test
    void aLiveSetAboveTheBoundAtEitherMeasureFailsTheCheck() {
        final long bound = OverloadBenchmark.liveSetBound(1024 * MIB);

        assertThat(live(300 * MIB, 512 * MIB).liveSetWithin(bound)).isTrue();
        assertThat(live(513 * MIB, 200 * MIB).liveSetWithin(bound)).isFalse();
        assertThat(live(200 * MIB, 513 * MIB).liveSetWithin(bound)).isFalse();
        assertThat(live(-1, 200 * MIB).liveSetWithin(bound)).as("not measured is not a pass").isFalse();
    }

    @Test
    void theLiveSetCountsWhatIsReachableAndNotGarbage() {
        assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().stream().noneMatch(a -> a.contains("DisableExplicitGC")),
                "explicit GC disabled");
        byte[] held = new byte[64 * (int) MIB];
        final long withHeld = OverloadBenchmark.liveSetAfterFullGc();
        assertThat(held).hasSize(64 * (int) MIB);
        held = null;
        final long without = OverloadBenchmark.liveSetAfterFullGc();

        assertThat(withHeld).isGreaterThanOrEqualTo(64 * MIB);
        assertThat(withHeld - without).isGreaterThanOrEqualTo(60 * MIB);
    }
}
