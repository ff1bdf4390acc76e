package io.orderflow.load;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orderflow.event.Json;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.mail.PooledMailSender;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsCluster;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.HdrHistogram.Recorder;

import static io.orderflow.cli.Arguments.valueAfter;
import static io.orderflow.cli.Arguments.wholeNumber;

/**
 * {@code ./orderflow bench}: on a fresh nats-server, runs the whole system (Orderflow with every flow in one
 * JVM; the gateway simulator, a mail sink and the load generator in this one), warms it up, then measures
 * latency at a fixed offered load and the throughput it sustains with an open throttle; then stops it and
 * runs {@link JetStreamBaseline} on the same server. Prints one table, writes it as JSON with both runs
 * second by second ({@link Timeline}), and draws those seconds beside it ({@link BenchChart}).
 */
public final class Bench {

    /** A backlog left by one phase is worked off before the next starts, within this time. */
    private static final Duration CATCH_UP = Duration.ofMinutes(5);
    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Duration warmup;
    private final Duration phase;
    private final int fixedRate;
    private final int maxPending;
    private final Path json;
    private final List<String> flowsJvmOptions;
    private final int replicas;
    private final Path workDir = Path.of("target", "bench");

    private Bench(Duration warmup, Duration phase, int fixedRate, int maxPending, Path json, List<String> flowsJvmOptions,
            int replicas) {
        this.flowsJvmOptions = flowsJvmOptions;
        this.replicas = replicas;
        this.warmup = warmup;
        this.phase = phase;
        this.fixedRate = fixedRate;
        this.maxPending = maxPending;
        this.json = json;
    }

    public static void main(String[] args) throws Exception {
        // the mail sink in this JVM parses every email
        PooledMailSender.nameTheStreamProvider();
        int warmupSeconds = 60;
        int seconds = 30;
        int rate = 1000;
        int maxPending = 2000;
        int replicas = 1;
        Path json = Path.of("target", "bench", "bench.json");
        // C1 only: on 2 cores the C2 compiler took a quarter of the flows' CPU for minutes (measured with
        // async-profiler), which a run of a few minutes never earns back
        List<String> jvmOptions = new ArrayList<>(List.of("-Xmx512m", "-XX:TieredStopAtLevel=1"));
        try {
            for (int i = 0; i < args.length; i += 2) {
                String option = args[i];
                String value = valueAfter(args, i);
                switch (option) {
                    case "--warmup-seconds" -> warmupSeconds = wholeNumber(option, value, 1);
                    case "--seconds" -> seconds = wholeNumber(option, value, 1);
                    case "--rate" -> rate = wholeNumber(option, value, 1);
                    case "--max-pending" -> maxPending = wholeNumber(option, value, 1);
                    case "--json" -> json = Path.of(value);
                    case "--flows-jvm-option" -> jvmOptions.add(value);
                    case "--replicas" -> replicas = wholeNumber(option, value, 1);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage() + "\nusage: ./orderflow bench [--warmup-seconds 60] [--seconds 30] "
                    + "[--rate 1000] [--max-pending 2000] [--json target/bench/bench.json] [--flows-jvm-option OPTION]... [--replicas 1]");
            System.exit(2);
        }
        Result result = new Bench(Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds), rate,
                maxPending, json, jvmOptions, replicas).run();
        System.out.print(result.table());
        System.out.println("written to " + json);
        System.out.println("drawn to " + BenchChart.beside(json));
        System.exit(0);
    }

    private Result run() throws Exception {
        Files.createDirectories(workDir);
        Path gcLog = workDir.resolve("orderflow-gc.log").toAbsolutePath();
        Files.deleteIfExists(gcLog);
        Figures orderflowFigures;
        Figures baselineFigures;
        long firstPhaseStarted;
        // --replicas 3: a node per replica, every stream and bucket replicated, and their CPU counted together
        try (NatsCluster nats = new NatsCluster(replicas);
             PaymentGatewaySimulator gateway = new PaymentGatewaySimulator(0)) {
            gateway.setDeclineRate(0.02);
            GreenMail mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
            // the sink keeps every email in memory otherwise, and this JVM's heap is measured too
            housekeeping.scheduleAtFixedRate(() -> purge(mail), 5, 5, TimeUnit.SECONDS);
            Map<String, String> environment = new HashMap<>();
            environment.put("NATS_URL", nats.urls());
            environment.put("STREAM_REPLICAS", Integer.toString(replicas));
            environment.put("HTTP_PORT", Integer.toString(NatsServerProcess.freePort()));
            environment.put("PAYMENT_GATEWAY_URL", gateway.url());
            environment.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
            List<String> jvmOptions = new ArrayList<>(flowsJvmOptions);
            jvmOptions.add("-Xlog:gc:file=" + gcLog);
            try (OrderflowProcess orderflow = new OrderflowProcess(environment, workDir.resolve("orderflow.log"), jvmOptions);
                 Backlog backlog = new Backlog(nats.urls())) {
                step("starting nats-server, Orderflow (all flows), gateway simulator and mail sink");
                orderflow.start();
                LoadSettings load = LoadSettings.defaults().at("http://127.0.0.1:" + orderflow.httpPort(), nats.urls(), gateway.url());
                firstPhaseStarted = System.nanoTime();
                Map<String, List<Long>> pids = processes(nats, orderflow.pid());
                Timeline timeline = new Timeline(firstPhaseStarted, pids, "warm-up");
                // each order's latency as it ends, drained once a second: wait-free, as the driver's CPU is measured too
                Recorder ended = new Recorder(3);
                ScheduledExecutorService sampler = Timeline.everySecond("bench-timeline",
                        () -> timeline.add(Timeline.Second.of(ended.getIntervalHistogram())));
                step("warming up: open throttle for " + warmup.toSeconds() + " s");
                new LoadGenerator(load.with(0, warmup, maxPending), ended::recordValue).run();
                backlog.awaitIdle(CATCH_UP);
                timeline.enter("fixed rate");
                step("latency at an offered " + fixedRate + " orders/s for " + phase.toSeconds() + " s");
                LoadReport fixed = new LoadGenerator(load.with(fixedRate, phase, 0), ended::recordValue).run();
                backlog.awaitIdle(CATCH_UP);
                timeline.enter("sustained");
                step("sustained throughput: open throttle, at most " + maxPending + " orders pending, " + phase.toSeconds() + " s");
                Map<String, ProcessUsage> before = ProcessUsage.of(pids);
                // halfway through, the step with the largest backlog is the one holding the pipeline back
                CompletableFuture<Map<String, Long>> stepBacklog = CompletableFuture.supplyAsync(() -> backlog.byConsumer(),
                        CompletableFuture.delayedExecutor(phase.toMillis() / 2, TimeUnit.MILLISECONDS))
                        .exceptionally(unreadable -> Map.of());
                LoadReport sustained = new LoadGenerator(load.with(0, phase, maxPending), ended::recordValue).run();
                Map<String, ProcessUsage> after = ProcessUsage.of(pids);
                backlog.awaitIdle(CATCH_UP);
                // the latency a user sees with room to spare: the issue's target is set at half the capacity
                int halfRate = Math.max(1, (int) Math.round(sustained.ordersPerSecond() / 2));
                timeline.enter("half capacity");
                step("latency at half the sustained throughput: an offered " + halfRate + " orders/s for " + phase.toSeconds() + " s");
                LoadReport half = new LoadGenerator(load.with(halfRate, phase, 0), ended::recordValue).run();
                sampler.shutdown();
                // while the flows' process is still there to be read
                sampler.awaitTermination(5, TimeUnit.SECONDS);
                step("stopping Orderflow");
                orderflow.terminate(Duration.ofSeconds(60));
                orderflowFigures = new Figures(round(sustained.ordersPerSecond()), sustained.latency(),
                        ProcessUsage.coresBetween(before, after), Heap.fromGcLog(Files.readAllLines(gcLog)),
                        FixedLoad.of(fixedRate, fixed), FixedLoad.of(halfRate, half), stepBacklog.get(), timeline.points());
            } finally {
                housekeeping.shutdownNow();
                mail.stop();
            }
            step("baseline: the same JetStream work on jnats alone, same server: " + warmup.toSeconds() + " s warm-up, "
                    + phase.toSeconds() + " s measured");
            baselineFigures = baseline(nats, firstPhaseStarted);
        }
        Result result = new Result(Instant.now().toString(), Runtime.getRuntime().availableProcessors(), replicas, orderflowFigures,
                baselineFigures, round(orderflowFigures.sustainedOrdersPerSecond() / baselineFigures.sustainedOrdersPerSecond()));
        Files.write(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(result));
        Files.writeString(BenchChart.beside(json), BenchChart.draw(result));
        return result;
    }

    /**
     * The baseline in its own JVM, with the flows' JVM options; its CPU is read over its measured phase only.
     * Its seconds come from the lines it prints, each read with the CPU used since the one before, on the
     * timeline Orderflow's began.
     */
    private Figures baseline(NatsCluster nats, long firstPhaseStarted) throws Exception {
        Path result = workDir.resolve("baseline.json");
        Path gcLog = workDir.resolve("baseline-gc.log").toAbsolutePath();
        Files.deleteIfExists(result);
        Files.deleteIfExists(gcLog);
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(flowsJvmOptions);
        command.addAll(List.of("-Xlog:gc:file=" + gcLog, "-cp", System.getProperty("java.class.path"),
                JetStreamBaseline.class.getName(), "--nats", nats.urls(), "--replicas", Integer.toString(replicas),
                "--warmup-seconds", Long.toString(warmup.toSeconds()), "--seconds", Long.toString(phase.toSeconds()),
                "--max-pending", Integer.toString(maxPending), "--json", result.toString()));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Map<String, List<Long>> pids = processes(nats, process.pid());
        Timeline timeline = new Timeline(firstPhaseStarted, pids, "warm-up");
        Map<String, ProcessUsage> before = null;
        Map<String, ProcessUsage> after = null;
        try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter log = Files.newBufferedWriter(workDir.resolve("baseline.log"))) {
            for (String line; (line = output.readLine()) != null; ) {
                log.write(line);
                log.newLine();
                if (line.startsWith(JetStreamBaseline.SECOND)) {
                    addSecond(timeline, line);
                } else if (line.equals(JetStreamBaseline.MEASURING)) {
                    before = ProcessUsage.of(pids);
                    timeline.enter("measured");
                } else if (line.equals(JetStreamBaseline.MEASURED)) {
                    after = ProcessUsage.of(pids);
                }
            }
        } finally {
            if (process.isAlive() && !process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
        if (process.waitFor() != 0 || before == null || after == null || !Files.exists(result)) {
            throw new IOException("the baseline failed; see " + workDir.resolve("baseline.log"));
        }
        JetStreamBaseline.Result measured = Json.MAPPER.readValue(result.toFile(), JetStreamBaseline.Result.class);
        return new Figures(round(measured.ordersPerSecond()), measured.latencyMs(), ProcessUsage.coresBetween(before, after),
                Heap.fromGcLog(Files.readAllLines(gcLog)), null, null, null, timeline.points());
    }

    /** A second of the baseline's; a line that a log line of its own cut in two is left out, not the bench. */
    private static void addSecond(Timeline timeline, String line) {
        try {
            timeline.add(JetStreamBaseline.parseSecond(line));
        } catch (IllegalArgumentException cutInTwo) {
            System.err.println("skipped a baseline line: " + line);
        }
    }

    /** The processes whose CPU the bench reads, by the names its JSON gives them; the baseline JVM is "flows". */
    private static Map<String, List<Long>> processes(NatsCluster nats, long systemPid) {
        Map<String, List<Long>> pids = new LinkedHashMap<>();
        pids.put("nats_server", nats.nodes().stream().map(NatsServerProcess::pid).toList());
        pids.put("flows", List.of(systemPid));
        pids.put("driver", List.of(ProcessHandle.current().pid()));
        return pids;
    }

    /**
     * Heap figures from a {@code -Xlog:gc} log: the most in use before a collection, and what was left after
     * the last one, once the run was over (a young collection in the middle of a burst also counts garbage
     * that was promoted and not yet marked, so that figure would mislead).
     */
    record Heap(@JsonProperty("peak_mb") long peakMb, @JsonProperty("after_last_gc_mb") long afterLastGcMb) {

        static Heap fromGcLog(List<String> lines) {
            long peak = 0;
            long last = 0;
            for (String line : lines) {
                Matcher heap = GC_HEAP.matcher(line);
                if (heap.find()) {
                    peak = Math.max(peak, Long.parseLong(heap.group(1)));
                    last = Long.parseLong(heap.group(2));
                }
            }
            return new Heap(peak, last);
        }
    }

    private static void purge(GreenMail mail) {
        try {
            mail.purgeEmailFromAllMailboxes();
        } catch (Exception e) {
            System.err.println("mail sink purge failed: " + e.getMessage());
        }
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static void step(String what) {
        System.out.println("== " + what);
    }

    /**
     * One pipeline's figures, Orderflow's or the baseline's (which has no HTTP API, so no fixed-load phase). CPU
     * per order is the headline: throughput per core is what a user pays for.
     */
    record Figures(
            @JsonProperty("cpu_ms_per_order") Map<String, Double> cpuMsPerOrder,
            @JsonProperty("sustained_orders_per_second") double sustainedOrdersPerSecond,
            @JsonProperty("sustained_latency_ms") LoadReport.Latency sustainedLatency,
            @JsonProperty("cpu_cores") Map<String, Double> cpuCores,
            Heap heap,
            @JsonProperty("fixed_load") FixedLoad fixedLoad,
            @JsonProperty("half_capacity") FixedLoad halfCapacity,
            @JsonProperty("backlog_halfway_by_consumer") Map<String, Long> backlogHalfway,
            List<Timeline.Point> timeline) {

        Figures(double sustainedOrdersPerSecond, LoadReport.Latency sustainedLatency, Map<String, Double> cpuCores,
                Heap heap, FixedLoad fixedLoad, FixedLoad halfCapacity, Map<String, Long> backlogHalfway,
                List<Timeline.Point> timeline) {
            this(cpuMsPerOrder(cpuCores, sustainedOrdersPerSecond), sustainedOrdersPerSecond, sustainedLatency, cpuCores,
                    heap, fixedLoad, halfCapacity, backlogHalfway, timeline);
        }

        /** Each process's CPU milliseconds per order, and their total, at the sustained throughput. */
        static Map<String, Double> cpuMsPerOrder(Map<String, Double> cpuCores, double ordersPerSecond) {
            Map<String, Double> perOrder = new LinkedHashMap<>();
            cpuCores.forEach((process, cores) -> perOrder.put(process, round(cores * 1000 / Math.max(ordersPerSecond, 1e-9))));
            perOrder.put("total", round(perOrder.values().stream().mapToDouble(Double::doubleValue).sum()));
            return perOrder;
        }
    }

    record FixedLoad(@JsonProperty("offered_orders_per_second") int offered,
            @JsonProperty("achieved_orders_per_second") double achieved, long unfinished,
            @JsonProperty("latency_ms") LoadReport.Latency latency) {

        static FixedLoad of(int offered, LoadReport report) {
            return new FixedLoad(offered, round(report.ordersPerSecond()), report.unfinished(), report.latency());
        }
    }

    record Result(String finished, int cores, @JsonProperty("stream_replicas") int replicas, Figures orderflow, Figures baseline,
            @JsonProperty("ratio_orderflow_to_baseline") double ratio) {

        String table() {
            StringBuilder table = new StringBuilder();
            String row = "%-60s %18s %18s%n";
            table.append(String.format(row, replicas > 1 ? "nats-server: " + replicas + " nodes, streams and buckets R" + replicas : "",
                    "Orderflow", "baseline (jnats)"));
            table.append(String.format(row, "CPU ms per order, all processes", orderflow.cpuMsPerOrder().get("total"),
                    baseline.cpuMsPerOrder().get("total")));
            for (String process : orderflow.cpuCores().keySet()) {
                table.append(String.format(row, "  " + PROCESS_NAMES.get(process), orderflow.cpuMsPerOrder().get(process),
                        baseline.cpuMsPerOrder().get(process)));
            }
            table.append(String.format(row, "sustained orders/s", orderflow.sustainedOrdersPerSecond(),
                    baseline.sustainedOrdersPerSecond()));
            table.append(String.format(row, "  latency p50 / p99 ms", percentiles(orderflow.sustainedLatency()),
                    percentiles(baseline.sustainedLatency())));
            appendFixedLoad(table, row, "", orderflow.fixedLoad());
            appendFixedLoad(table, row, " (half the sustained)", orderflow.halfCapacity());
            for (String process : orderflow.cpuCores().keySet()) {
                table.append(String.format(row, "CPU cores, " + PROCESS_NAMES.get(process), orderflow.cpuCores().get(process),
                        baseline.cpuCores().get(process)));
            }
            table.append(String.format(row, "heap MB, flows / baseline JVM: peak, after last GC", orderflow.heap().peakMb()
                    + ", " + orderflow.heap().afterLastGcMb(), baseline.heap().peakMb() + ", " + baseline.heap().afterLastGcMb()));
            table.append(String.format(row, "Orderflow / baseline", ratio, ""));
            table.append("backlog per consumer halfway through the sustained phase: ").append(orderflow.backlogHalfway())
                    .append(System.lineSeparator());
            return table.toString();
        }

        private static void appendFixedLoad(StringBuilder table, String row, String note, FixedLoad fixed) {
            table.append(String.format(row, "offered " + fixed.offered() + " orders/s" + note + ": achieved orders/s",
                    fixed.achieved(), "-"));
            table.append(String.format(row, "  latency p50 / p95 / p99 / max ms", fixed.latency().p50() + " / "
                    + fixed.latency().p95() + " / " + fixed.latency().p99() + " / " + fixed.latency().max(), "-"));
        }

        private static String percentiles(LoadReport.Latency latency) {
            return latency.p50() + " / " + latency.p99();
        }
    }

    private static final Map<String, String> PROCESS_NAMES = Map.of("nats_server", "nats-server",
            "flows", "flows JVM / baseline JVM (places its own orders)", "driver", "driver (load, gateway, mail)");
}
