package io.orderflow.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.HdrHistogram.Histogram;

/**
 * One system's bench run second by second: the orders that ended in each second, their latency, and the
 * cores each process used meanwhile (from {@link ProcessUsage} readings a second apart). The bench writes
 * it into its JSON and {@link BenchChart} draws it.
 */
final class Timeline {

    /**
     * The second that ended {@code tS} seconds after the bench's first phase began. Latencies are null for a
     * second in which no order ended.
     */
    record Point(@JsonProperty("t_s") double tS, String phase,
            @JsonProperty("orders_per_second") long ordersPerSecond,
            @JsonProperty("p50_ms") Double p50Ms,
            @JsonProperty("p99_ms") Double p99Ms,
            @JsonProperty("cpu_cores") Map<String, Double> cpuCores) {
    }

    /** The orders that ended in one second, and their latency p50 and p99 in ms (null when none did). */
    record Second(long ended, Double p50Ms, Double p99Ms) {

        /** From the second's latencies in microseconds. */
        static Second of(Histogram micros) {
            if (micros.getTotalCount() == 0) {
                return new Second(0, null, null);
            }
            LoadReport.Latency latency = LoadReport.Latency.of(micros);
            return new Second(micros.getTotalCount(), latency.p50(), latency.p99());
        }
    }

    private final long startNanos;
    private final Map<String, List<Long>> pids;
    private final List<Point> points = new ArrayList<>();
    private Map<String, ProcessUsage> lastUsage;
    private String phase;

    /** {@code pids}: the processes to read, by the names the bench's JSON gives them. */
    Timeline(long startNanos, Map<String, List<Long>> pids, String firstPhase) throws IOException {
        this.startNanos = startNanos;
        this.pids = pids;
        this.phase = firstPhase;
        this.lastUsage = ProcessUsage.of(pids);
    }

    /**
     * Runs {@code task} once a second on a daemon thread until the executor is shut down: a run that fails
     * must not be kept alive by it.
     */
    static ScheduledExecutorService everySecond(String name, Runnable task) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleAtFixedRate(task, 1, 1, TimeUnit.SECONDS);
        return executor;
    }

    synchronized void enter(String phase) {
        this.phase = phase;
    }

    /** Adds the second that ends now, in the phase entered last. */
    synchronized void add(Second orders) {
        Map<String, ProcessUsage> usage;
        try {
            usage = ProcessUsage.of(pids);
        } catch (IOException gone) {
            // a process that has ended has no /proc entry left: the run fails, and says why, elsewhere
            System.err.println("timeline: no CPU reading, second left out: " + gone);
            return;
        }
        double seconds = Math.round((System.nanoTime() - startNanos) / 1e8) / 10.0;
        points.add(new Point(seconds, phase, orders.ended(), orders.p50Ms(), orders.p99Ms(),
                ProcessUsage.coresBetween(lastUsage, usage)));
        lastUsage = usage;
    }

    synchronized List<Point> points() {
        return List.copyOf(points);
    }
}
