package io.tidewatch.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JvmThreadCpuTest {

    @Test
    void readsUserPlusSystemTicksAfterANameWithSpacesAndParentheses() {
        // A real line's shape: pid, (comm), state, then numbers; utime 1234 and stime 56 are the 14th and 15th fields.
        final String stat = "4242 (C2 CompilerThre) S 1 4242 4242 0 -1 4194624 15 0 0 0 1234 56 0 0 20 0 30 0 100 0 0";
        assertThat(JvmThreadCpu.cpuTicks(stat)).isEqualTo(OptionalLong.of(1290));
        final String odd = "7 (a) b (c) d) R 1 7 7 0 -1 0 0 0 0 0 10 20 0 0 20 0 1 0 5 0 0";
        assertThat(JvmThreadCpu.cpuTicks(odd)).isEqualTo(OptionalLong.of(30));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "no parenthesis here 1 2 3", "1 (java) S 1 2 3", "1 (java) S 1 2 3 4 5 6 7 8 9 10 x 12"})
    void aLineItCannotReadGivesNothingRatherThanAWrongTime(final String stat) {
        assertThat(JvmThreadCpu.cpuTicks(stat)).isEmpty();
    }

    @Test
    void tellsCompilerAndGcThreadsByHotSpotsNames() {
        assertThat(JvmThreadCpu.Kind.of("C2 CompilerThre")).contains(JvmThreadCpu.Kind.COMPILER);
        assertThat(JvmThreadCpu.Kind.of("C1 CompilerThre")).contains(JvmThreadCpu.Kind.COMPILER);
        assertThat(JvmThreadCpu.Kind.of("GC Thread#1")).contains(JvmThreadCpu.Kind.GC);
        assertThat(JvmThreadCpu.Kind.of("G1 Conc#0")).contains(JvmThreadCpu.Kind.GC);
        assertThat(JvmThreadCpu.Kind.of("java")).isEqualTo(Optional.empty());
        assertThat(JvmThreadCpu.Kind.of("kafka-producer-")).isEmpty();
    }

    @Test
    void theSteadyPartIsTheLaterReadingMinusTheEarlierKindByKind() {
        assertThat(JvmThreadCpu.difference(
                Map.of(JvmThreadCpu.Kind.COMPILER, 3.0, JvmThreadCpu.Kind.GC, 1.5),
                Map.of(JvmThreadCpu.Kind.COMPILER, 1.0, JvmThreadCpu.Kind.GC, 0.5)))
                .isEqualTo(Map.of(JvmThreadCpu.Kind.COMPILER, 2.0, JvmThreadCpu.Kind.GC, 1.0));
        assertThat(JvmThreadCpu.difference(Map.of(), Map.of())).isEmpty();
    }

    @Test
    void countsTheCollectorsWorkInThisJvm() {
        assumeTrue(Files.isDirectory(Path.of("/proc/self/task")), "no /proc/self/task: not Linux");
        assumeTrue(ManagementFactory.getGarbageCollectorMXBeans().stream().anyMatch(gc -> gc.getName().startsWith("G1")),
                "not G1, whose threads this test makes work");
        final JvmThreadCpu cpu = new JvmThreadCpu();
        // Full collections of a growing live set make G1's worker threads mark and copy it: tens of milliseconds each.
        final List<long[]> kept = new ArrayList<>();
        for (int round = 0; round < 40 && cpu.seconds().get(JvmThreadCpu.Kind.GC) < 0.05; round++) {
            for (int i = 0; i < 20_000; i++) {
                kept.add(new long[64]);
            }
            kept.subList(0, kept.size() / 2).clear();
            System.gc();
            cpu.sample();
        }
        assertThat(cpu.seconds().get(JvmThreadCpu.Kind.GC)).isGreaterThan(0.0);
        assertThat(cpu.seconds().get(JvmThreadCpu.Kind.COMPILER)).isGreaterThanOrEqualTo(0.0);
    }
}
