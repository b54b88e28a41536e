package io.tidewatch.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidewatch.detect.SourceWatermarks.Claim;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SourceWatermarksTest {

    @Test
    void aSourceThatHasClaimedNothingHoldsEveryBucketOpen() {
        final SourceWatermarks watermarks = new SourceWatermarks(3);
        watermarks.claim(0, new Claim(1_000, false));
        watermarks.claim(2, new Claim(5_000, false));
        assertThat(watermarks.closable()).isEqualTo(Long.MIN_VALUE);
        watermarks.claim(1, new Claim(3_000, false));
        assertThat(watermarks.closable()).isEqualTo(1_000);
    }

    @Test
    void anIdleSourceStopsHoldingTheOthersBackUntilItSendsAgain() {
        final SourceWatermarks watermarks = new SourceWatermarks(2);
        watermarks.claim(0, new Claim(1_000, true));
        watermarks.claim(1, new Claim(7_000, false));
        assertThat(watermarks.closable()).isEqualTo(7_000);
        watermarks.claim(0, new Claim(2_000, false));
        assertThat(watermarks.closable()).isEqualTo(2_000);
    }

    @Test
    void whenEverySourceIsIdleBucketsCloseUpToTheFurthestOne() {
        final SourceWatermarks watermarks = new SourceWatermarks(2);
        watermarks.claim(0, new Claim(1_000, true));
        watermarks.claim(1, new Claim(4_000, true));
        assertThat(watermarks.closable()).isEqualTo(4_000);
    }

    @Test
    void aReplaysEndIsFollowedByOrdinaryEventTimesWhenTheSourceGoesOn() {
        final SourceWatermarks watermarks = new SourceWatermarks(1);
        watermarks.claim(0, new Claim(Long.MAX_VALUE, false));
        assertThat(watermarks.closable()).isEqualTo(Long.MAX_VALUE);
        watermarks.claim(0, new Claim(9_000, false));
        assertThat(watermarks.closable()).isEqualTo(9_000);
    }

    @Test
    void anUnknownSourceIsRefusedWithItsNumber() {
        final SourceWatermarks watermarks = new SourceWatermarks(2);
        assertThatThrownBy(() -> watermarks.claim(2, new Claim(0, false))).hasMessageContaining("source 2").hasMessageContaining("2 known");
        assertThatThrownBy(() -> new SourceWatermarks(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void bucketsCloseUpToTheLeastActiveWatermark(@ForAll @Size(min = 1, max = 8) final List<@IntRange(min = -1_000, max = 1_000) Integer> times,
                                                 @ForAll @Size(min = 8, max = 8) final List<Boolean> idle) {
        final SourceWatermarks watermarks = new SourceWatermarks(times.size());
        for (int s = 0; s < times.size(); s++) {
            watermarks.claim(s, new Claim(times.get(s), idle.get(s)));
        }
        final long closable = watermarks.closable();
        boolean anyActive = false;
        for (int s = 0; s < times.size(); s++) {
            if (!idle.get(s)) {
                anyActive = true;
                assertThat(closable).isLessThanOrEqualTo(times.get(s));
            }
        }
        // It is one of the claimed times: never beyond what some source vouched for.
        assertThat(times.stream().mapToLong(Integer::longValue)).contains(closable);
        if (!anyActive) {
            assertThat(closable).isEqualTo(times.stream().mapToLong(Integer::longValue).max().orElseThrow());
        }
    }
}
