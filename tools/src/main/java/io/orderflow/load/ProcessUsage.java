package io.orderflow.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of a process from {@code /proc/<pid>/stat} (Linux): read before and after a phase, the difference
 * over the phase's wall time is the cores it used.
 */
record ProcessUsage(long pid, long cpuNanos, long wallNanos) {

    /** Linux reports CPU time in clock ticks of 1/100 s on every platform the JDK runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    static ProcessUsage of(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        // the command name (field 2) may hold spaces: count fields after its closing parenthesis
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        return new ProcessUsage(pid, ticks * NANOS_PER_TICK, System.nanoTime());
    }

    /** Cores used between {@code earlier} and this reading. */
    double coresSince(ProcessUsage earlier) {
        return (double) (cpuNanos - earlier.cpuNanos) / Math.max(1, wallNanos - earlier.wallNanos);
    }
}
