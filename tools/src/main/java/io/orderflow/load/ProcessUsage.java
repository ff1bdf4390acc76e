package io.orderflow.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CPU time of a process from {@code /proc/<pid>/stat} (Linux): read before and after a phase, the difference
 * over the phase's wall time is the cores it used.
 */
record ProcessUsage(long cpuNanos, long wallNanos) {

    /** Linux reports CPU time in clock ticks of 1/100 s on every platform the JDK runs on. */
    private static final long NANOS_PER_TICK = 10_000_000L;

    /** The CPU time of a group of processes together, such as the nodes of a NATS cluster. */
    static ProcessUsage of(List<Long> pids) throws IOException {
        long ticks = 0;
        for (long pid : pids) {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name (field 2) may hold spaces: count fields after its closing parenthesis
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        }
        return new ProcessUsage(ticks * NANOS_PER_TICK, System.nanoTime());
    }

    /** A reading of each group of processes, by the name it is given, in the same order. */
    static Map<String, ProcessUsage> of(Map<String, List<Long>> pids) throws IOException {
        Map<String, ProcessUsage> usage = new LinkedHashMap<>();
        for (Map.Entry<String, List<Long>> process : pids.entrySet()) {
            usage.put(process.getKey(), of(process.getValue()));
        }
        return usage;
    }

    /** Cores used between {@code earlier} and this reading. */
    double coresSince(ProcessUsage earlier) {
        return (double) (cpuNanos - earlier.cpuNanos) / Math.max(1, wallNanos - earlier.wallNanos);
    }

    /** Cores each process used between two readings of them all, to a hundredth. */
    static Map<String, Double> coresBetween(Map<String, ProcessUsage> earlier, Map<String, ProcessUsage> later) {
        Map<String, Double> cores = new LinkedHashMap<>();
        earlier.forEach((name, before) -> cores.put(name, Math.round(later.get(name).coresSince(before) * 100) / 100.0));
        return cores;
    }
}
