package io.orderflow.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orderflow.event.Json;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.sandbox.NatsServerProcess;
import io.orderflow.sandbox.OrderflowProcess;

/**
 * {@code ./orderflow bench}: on a fresh nats-server, runs the whole system (Orderflow with every flow in one
 * JVM; the gateway simulator, a mail sink and the load generator in this one), warms it up, then measures
 * latency at a fixed offered load and the throughput it sustains with an open throttle; then stops it and
 * runs {@link JetStreamBaseline} on the same server. Prints one table and writes it as JSON.
 */
public final class Bench {

    private static final Pattern GC_HEAP = Pattern.compile("(\\d+)M->(\\d+)M\\((\\d+)M\\)");

    private final Duration warmup;
    private final Duration phase;
    private final int fixedRate;
    private final int maxPending;
    private final Path json;
    private final Path workDir = Path.of("target", "bench");

    private Bench(Duration warmup, Duration phase, int fixedRate, int maxPending, Path json) {
        this.warmup = warmup;
        this.phase = phase;
        this.fixedRate = fixedRate;
        this.maxPending = maxPending;
        this.json = json;
    }

    public static void main(String[] args) throws Exception {
        int warmupSeconds = 60;
        int seconds = 30;
        int rate = 1000;
        int maxPending = 2000;
        Path json = Path.of("target", "bench", "bench.json");
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[i + 1]);
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--max-pending" -> maxPending = Integer.parseInt(args[i + 1]);
                case "--json" -> json = Path.of(args[i + 1]);
                default -> {
                    System.err.println("usage: ./orderflow bench [--warmup-seconds 60] [--seconds 30] [--rate 1000] "
                            + "[--max-pending 2000] [--json target/bench/bench.json]");
                    System.exit(2);
                }
            }
        }
        Map<String, Object> table = new Bench(Duration.ofSeconds(warmupSeconds), Duration.ofSeconds(seconds), rate,
                maxPending, json).run();
        System.out.println(text(table));
        System.out.println("written to " + json);
        System.exit(0);
    }

    private Map<String, Object> run() throws Exception {
        Files.createDirectories(workDir);
        Path gcLog = workDir.resolve("orderflow-gc.log").toAbsolutePath();
        Files.deleteIfExists(gcLog);
        Map<String, Object> table = new LinkedHashMap<>();
        try (NatsServerProcess nats = new NatsServerProcess();
             PaymentGatewaySimulator gateway = new PaymentGatewaySimulator(0)) {
            gateway.setDeclineRate(0.02);
            GreenMail mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor();
            // the sink keeps every email in memory otherwise, and this JVM's heap is measured too
            housekeeping.scheduleAtFixedRate(() -> purge(mail), 5, 5, TimeUnit.SECONDS);
            Map<String, String> environment = new HashMap<>();
            environment.put("NATS_URL", nats.url());
            environment.put("HTTP_PORT", Integer.toString(NatsServerProcess.freePort()));
            environment.put("PAYMENT_GATEWAY_URL", gateway.url());
            environment.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
            try (OrderflowProcess orderflow = new OrderflowProcess(environment, workDir.resolve("orderflow.log"),
                    List.of("-Xmx512m", "-Xlog:gc:file=" + gcLog))) {
                step("starting nats-server, Orderflow (all flows), gateway simulator and mail sink");
                orderflow.start();
                LoadSettings load = LoadSettings.defaults().at("http://127.0.0.1:" + orderflow.httpPort(), nats.url(), gateway.url());
                step("warming up: open throttle for " + warmup.toSeconds() + " s");
                new LoadGenerator(load.with(0, warmup, maxPending)).run();
                step("latency at an offered " + fixedRate + " orders/s for " + phase.toSeconds() + " s");
                LoadReport fixed = new LoadGenerator(load.with(fixedRate, phase, 0)).run();
                step("sustained throughput: open throttle, at most " + maxPending + " orders pending, " + phase.toSeconds() + " s");
                Map<String, ProcessUsage> before = usage(nats.pid(), orderflow.pid());
                LoadReport sustained = new LoadGenerator(load.with(0, phase, maxPending)).run();
                Map<String, ProcessUsage> after = usage(nats.pid(), orderflow.pid());
                step("stopping Orderflow");
                orderflow.terminate(Duration.ofSeconds(60));
                table.put("orderflow", Map.of(
                        "sustained_orders_per_second", round(sustained.ordersPerSecond()),
                        "sustained_latency_ms", sustained.latency(),
                        "fixed_load", Map.of("offered_orders_per_second", fixedRate,
                                "achieved_orders_per_second", round(fixed.ordersPerSecond()),
                                "unfinished", fixed.unfinished(), "latency_ms", fixed.latency()),
                        "cpu_cores", cores(before, after),
                        "peak_heap_mb", Map.of("orderflow", peakHeapMb(gcLog))));
            } finally {
                housekeeping.shutdownNow();
                mail.stop();
            }
            step("baseline: the same JetStream work on jnats alone, same server, same " + phase.toSeconds() + " s");
            table.put("baseline", baseline(nats));
        }
        double orderflow = (double) ((Map<?, ?>) table.get("orderflow")).get("sustained_orders_per_second");
        double baseline = (double) ((Map<?, ?>) table.get("baseline")).get("orders_per_second");
        table.put("ratio_orderflow_to_baseline", round(orderflow / baseline));
        Files.write(json, Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(table));
        return table;
    }

    private Map<String, Object> baseline(NatsServerProcess nats) throws Exception {
        Path result = workDir.resolve("baseline.json");
        Files.deleteIfExists(result);
        baselineProcess(nats, warmup.dividedBy(2), workDir.resolve("baseline-warmup.json")).waitFor();
        Process process = baselineProcess(nats, phase, result);
        Map<String, ProcessUsage> before = usage(nats.pid(), process.pid());
        Map<String, ProcessUsage> after = before;
        while (process.isAlive()) {
            after = usage(nats.pid(), process.pid());
            Thread.sleep(200);
        }
        if (process.exitValue() != 0 || !Files.exists(result)) {
            throw new IOException("the baseline failed; see " + workDir.resolve("baseline.log"));
        }
        JetStreamBaseline.Result measured = Json.MAPPER.readValue(result.toFile(), JetStreamBaseline.Result.class);
        return Map.of("orders_per_second", round(measured.ordersPerSecond()), "latency_ms", measured.latencyMs(),
                "cpu_cores", cores(before, after));
    }

    private Process baselineProcess(NatsServerProcess nats, Duration duration, Path result) throws IOException {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), JetStreamBaseline.class.getName(),
                "--nats", nats.url(), "--seconds", Long.toString(duration.toSeconds()), "--max-pending",
                Integer.toString(maxPending), "--json", result.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("baseline.log").toFile()))
                .start();
    }

    private static Map<String, ProcessUsage> usage(long natsPid, long flowsPid) throws IOException {
        Map<String, ProcessUsage> usage = new LinkedHashMap<>();
        usage.put("nats_server", ProcessUsage.of(natsPid));
        usage.put("flows", ProcessUsage.of(flowsPid));
        usage.put("driver", ProcessUsage.of(ProcessHandle.current().pid()));
        return usage;
    }

    private static Map<String, Double> cores(Map<String, ProcessUsage> before, Map<String, ProcessUsage> after) {
        Map<String, Double> cores = new LinkedHashMap<>();
        before.forEach((name, earlier) -> cores.put(name, round(after.get(name).coresSince(earlier))));
        return cores;
    }

    /** The largest heap in use before any collection: the log's "before->after(committed)" figures. */
    static long peakHeapMb(Path gcLog) throws IOException {
        long peak = 0;
        for (String line : Files.readAllLines(gcLog)) {
            Matcher heap = GC_HEAP.matcher(line);
            if (heap.find()) {
                peak = Math.max(peak, Long.parseLong(heap.group(1)));
            }
        }
        return peak;
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

    static String text(Map<String, Object> table) throws IOException {
        return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(table);
    }
}
