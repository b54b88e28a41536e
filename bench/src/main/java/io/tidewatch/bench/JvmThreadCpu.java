package io.tidewatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * CPU time of the JVM's JIT compiler and garbage collector threads, read from Linux's
 * {@code /proc/self/task}. These threads are not Java threads, so {@code ThreadMXBean} does not
 * see them, and the compilation MXBean's total is elapsed time, which counts a compiler thread
 * waiting for a core as compiling. Where {@code /proc} is absent (not Linux) nothing is measured.
 *
 * <p>Compiler threads come and go (HotSpot stops idle ones), and a thread's time leaves {@code
 * /proc} with it, so {@link #sample()} is called every second or so and the last value seen of
 * each thread is kept: at most about a second of an exiting thread's time is missed.
 */
final class JvmThreadCpu {

    /** What a thread does, told by the name HotSpot gives it. */
    enum Kind {
        COMPILER, GC;

        /** The kind of a thread named {@code comm} (Linux cuts names to 15 characters), if it is one of these. */
        static Optional<Kind> of(final String comm) {
            if (comm.startsWith("C1 CompilerThre") || comm.startsWith("C2 CompilerThre")) {
                return Optional.of(COMPILER);
            }
            if (comm.startsWith("GC Thread") || comm.startsWith("G1 ")) {
                return Optional.of(GC);
            }
            return Optional.empty();
        }
    }

    /** Linux reports thread times in USER_HZ ticks, 100 a second on every architecture it runs on. */
    private static final double TICKS_PER_SECOND = 100;
    private static final Path TASKS = Path.of("/proc/self/task");

    private final Map<Long, Optional<Kind>> kinds = new HashMap<>();
    private final Map<Long, Long> firstTicks = new HashMap<>();
    private final Map<Long, Long> lastTicks = new HashMap<>();
    private final boolean available = Files.isDirectory(TASKS);

    /** Starts counting from now. */
    JvmThreadCpu() {
        read(firstTicks);
        lastTicks.putAll(firstTicks);
    }

    /** Records the threads' times so far. */
    void sample() {
        read(lastTicks);
    }

    /**
     * CPU seconds of each kind of thread between construction and the last {@link #sample()};
     * empty where this platform does not let them be measured.
     */
    Map<Kind, Double> seconds() {
        if (!available) {
            return Map.of();
        }
        final Map<Kind, Double> seconds = new EnumMap<>(Kind.class);
        for (final Kind kind : Kind.values()) {
            seconds.put(kind, 0.0);
        }
        lastTicks.forEach((tid, ticks) -> seconds.merge(kinds.get(tid).orElseThrow(),
                (ticks - firstTicks.getOrDefault(tid, 0L)) / TICKS_PER_SECOND, Double::sum));
        return seconds;
    }

    /** {@code later} minus {@code earlier}, kind by kind: two readings of {@link #seconds()}. */
    static Map<Kind, Double> difference(final Map<Kind, Double> later, final Map<Kind, Double> earlier) {
        final Map<Kind, Double> difference = new EnumMap<>(Kind.class);
        later.forEach((kind, seconds) -> difference.put(kind, seconds - earlier.get(kind)));
        return difference;
    }

    private void read(final Map<Long, Long> into) {
        if (!available) {
            return;
        }
        try (Stream<Path> tasks = Files.list(TASKS)) {
            tasks.forEach(task -> {
                final long tid = Long.parseLong(task.getFileName().toString());
                if (kinds.computeIfAbsent(tid, t -> kindOf(task)).isPresent()) {
                    ticksOf(task).ifPresent(ticks -> into.put(tid, ticks));
                }
            });
        } catch (final IOException e) {
            // The set of threads changed under the listing; the next sample reads it again.
        }
    }

    private static Optional<Kind> kindOf(final Path task) {
        try {
            return Kind.of(Files.readString(task.resolve("comm")).strip());
        } catch (final IOException e) {
            return Optional.empty(); // the thread has ended
        }
    }

    private static OptionalLong ticksOf(final Path task) {
        try {
            return cpuTicks(Files.readString(task.resolve("stat")));
        } catch (final IOException e) {
            return OptionalLong.empty(); // the thread has ended
        }
    }

    /**
     * User plus system time, in ticks, from one line of {@code /proc/<pid>/task/<tid>/stat}: the
     * 14th and 15th fields. The 2nd is the thread's name in parentheses and may hold spaces and
     * parentheses itself, so fields are counted from the last closing parenthesis.
     */
    static OptionalLong cpuTicks(final String stat) {
        final int nameEnd = stat.lastIndexOf(')');
        if (nameEnd < 0) {
            return OptionalLong.empty();
        }
        final String[] fields = stat.substring(nameEnd + 1).strip().split(" +");
        // fields[0] is the 3rd field (state), so utime (14th) is fields[11] and stime (15th) fields[12].
        if (fields.length < 13) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (final NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
