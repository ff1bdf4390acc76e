package io.orderflow.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongConsumer;

import io.orderflow.event.Json;
import io.orderflow.load.LoadSettings.WeightedSku;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;

/**
 * {@code ./orderflow load}: places orders on a running Orderflow through its HTTP API at a set rate (or as
 * fast as {@code concurrency} outstanding requests allow), follows each to its terminal event in JetStream,
 * prints a progress line every second and a report at the end.
 */
public final class LoadGenerator {

    private final LoadSettings settings;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final Map<String, AtomicLong> refused = new ConcurrentHashMap<>();
    private final int totalWeight;
    private final LongConsumer endedLatencyMicros;

    public LoadGenerator(LoadSettings settings) {
        this(settings, micros -> { });
    }

    /**
     * {@code endedLatencyMicros} hears each order's latency in microseconds as it ends, from the thread that
     * saw it end: the bench draws its run second by second from it, so it must be cheap.
     */
    public LoadGenerator(LoadSettings settings, LongConsumer endedLatencyMicros) {
        this.settings = settings;
        this.endedLatencyMicros = endedLatencyMicros;
        this.totalWeight = settings.skus().stream().mapToInt(WeightedSku::weight).sum();
    }

    public static void main(String[] args) throws Exception {
        LoadSettings settings;
        try {
            settings = LoadSettings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        LoadReport report = new LoadGenerator(settings).run();
        System.out.print(report.text());
        if (settings.json() != null) {
            report.write(settings.json());
            System.out.println("written to " + settings.json());
        }
        System.exit(report.unfinished() == 0 && report.failed() == 0 ? 0 : 1);
    }

    public LoadReport run() throws Exception {
        // Vert.x, not the JDK's client: the load generator shares the machine with the system it measures, and
        // an event loop on kept-alive connections costs it a fraction of the CPU per request
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpClient http = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(settings.concurrency())
                .setKeepAlive(true).setConnectTimeout(5_000));
        try (OrderOutcomes outcomes = new OrderOutcomes(settings.natsUrl(), endedLatencyMicros)) {
            prepare(http);
            ScheduledExecutorService progress = Executors.newSingleThreadScheduledExecutor();
            long started = System.nanoTime();
            if (!settings.quiet()) {
                AtomicLong lastEnded = new AtomicLong();
                progress.scheduleAtFixedRate(() -> progressLine(outcomes, started, lastEnded), 1, 1, TimeUnit.SECONDS);
            }
            long firstSent = epochNanosNow();
            submitAll(outcomes, started, http);
            double submitSeconds = (System.nanoTime() - started) / 1e9;
            awaitEnds(outcomes);
            progress.shutdownNow();
            return report(outcomes, submitSeconds, firstSent);
        } finally {
            vertx.close();
        }
    }

    private void prepare(HttpClient http) throws Exception {
        if (settings.stock() > 0) {
            for (WeightedSku sku : settings.skus()) {
                send(http, HttpMethod.PUT, settings.url() + "/inventory/" + sku.sku(), "{\"available\":" + settings.stock() + "}");
            }
        }
        if (settings.declineRate() != null || settings.errorRate() != null) {
            Map<String, Double> control = new TreeMap<>();
            if (settings.declineRate() != null) {
                control.put("decline_rate", settings.declineRate());
            }
            if (settings.errorRate() != null) {
                control.put("error_rate", settings.errorRate());
            }
            send(http, HttpMethod.POST, settings.gatewayUrl() + "/control", Json.MAPPER.writeValueAsString(control));
        }
    }

    private static void send(HttpClient http, HttpMethod method, String url, String json) throws Exception {
        String failure = http.request(new RequestOptions().setMethod(method).setAbsoluteURI(url)
                        .putHeader("Content-Type", "application/json"))
                .compose(request -> request.send(json))
                .compose(response -> response.body().map(body -> response.statusCode() / 100 == 2 ? ""
                        : url + " answered " + response.statusCode() + ": " + body))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        if (!failure.isEmpty()) {
            throw new IOException(failure);
        }
    }

    private void submitAll(OrderOutcomes outcomes, long started, HttpClient orders) throws InterruptedException {
        long startedEpochNanos = epochNanosNow() - (System.nanoTime() - started);
        Semaphore outstanding = new Semaphore(settings.concurrency());
        SplittableRandom random = new SplittableRandom(42);
        long stopAt = started + settings.duration().toNanos();
        for (long i = 0; ; i++) {
            if (settings.orders() > 0 ? i >= settings.orders() : System.nanoTime() >= stopAt) {
                break;
            }
            long due = System.nanoTime();
            if (settings.rate() > 0) {
                due = started + i * 1_000_000_000L / settings.rate();
                for (long wait; (wait = due - System.nanoTime()) > 0; ) {
                    LockSupport.parkNanos(wait);
                }
            }
            awaitPendingBelowLimit(outcomes);
            outstanding.acquire();
            submitted.incrementAndGet();
            // at a fixed rate an order's latency starts when it was due, not when a full window let it out:
            // time spent queueing behind a slow system is part of what its users would see
            long sentNanos = settings.rate() > 0 ? startedEpochNanos + (due - started) : epochNanosNow();
            place(orderJson(random), "load-" + runId + "-" + i, outcomes, outstanding, orders, sentNanos);
        }
        outstanding.acquire(settings.concurrency());
    }

    private void awaitPendingBelowLimit(OrderOutcomes outcomes) {
        if (settings.maxPending() > 0) {
            while (pending(outcomes) >= settings.maxPending()) {
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /** Orders sent and not yet ended, whether their POST has been answered or not. */
    private long pending(OrderOutcomes outcomes) {
        return submitted.get() - failed.get() - refusedCount() - outcomes.ended();
    }

    private long refusedCount() {
        return refused.values().stream().mapToLong(AtomicLong::get).sum();
    }

    private void place(String body, String idempotencyKey, OrderOutcomes outcomes, Semaphore outstanding, HttpClient orders,
            long sentNanos) {
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(settings.url() + "/orders")
                .putHeader("Content-Type", "application/json").putHeader("Idempotency-Key", idempotencyKey)
                .setIdleTimeout(30_000);
        orders.request(request)
                .compose(post -> post.send(body))
                .compose(response -> response.body().map(answer -> {
                    if (response.statusCode() == 202) {
                        String orderId = orderId(answer.getBytes());
                        accepted.incrementAndGet();
                        outcomes.accepted(orderId, sentNanos);
                    } else {
                        refused.computeIfAbsent(Integer.toString(response.statusCode()), status -> new AtomicLong()).incrementAndGet();
                    }
                    return answer;
                }))
                .onComplete(done -> {
                    if (done.failed()) {
                        failed.incrementAndGet();
                    }
                    outstanding.release();
                });
    }

    private static long epochNanosNow() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    private static String orderId(byte[] accepted) {
        try {
            return Json.MAPPER.readTree(accepted).path("order_id").asText();
        } catch (IOException e) {
            // fails the request's future: counted as failed
            throw new UncheckedIOException(e);
        }
    }

    private String orderJson(SplittableRandom random) {
        StringBuilder json = new StringBuilder("{\"customer_id\":\"load-").append(random.nextInt(100_000))
                .append("\",\"currency\":\"EUR\",\"items\":[");
        int lines = 1 + random.nextInt(settings.maxLines());
        for (int line = 0; line < lines; line++) {
            json.append(line == 0 ? "" : ",").append("{\"sku\":\"").append(pickSku(random))
                    .append("\",\"quantity\":").append(1 + random.nextInt(settings.maxQuantity()))
                    .append(",\"unit_price\":\"").append(5 + random.nextInt(50)).append(".99\"}");
        }
        return json.append("]}").toString();
    }

    private String pickSku(SplittableRandom random) {
        int pick = random.nextInt(totalWeight);
        for (WeightedSku sku : settings.skus()) {
            pick -= sku.weight();
            if (pick < 0) {
                return sku.sku();
            }
        }
        throw new IllegalStateException("weights changed");
    }

    private void awaitEnds(OrderOutcomes outcomes) throws InterruptedException {
        long deadline = System.nanoTime() + settings.settleTimeout().toNanos();
        while (outcomes.ended() < accepted.get() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
    }

    private void progressLine(OrderOutcomes outcomes, long started, AtomicLong lastEnded) {
        long ended = outcomes.ended();
        System.err.printf("[%4ds] submitted %d  confirmed %d  cancelled %d  in flight %d  %d orders/s%n",
                (System.nanoTime() - started) / 1_000_000_000L, submitted.get(), outcomes.confirmed(),
                outcomes.cancelled(), pending(outcomes), ended - lastEnded.getAndSet(ended));
    }

    private LoadReport report(OrderOutcomes outcomes, double submitSeconds, long firstSentNanos) {
        double seconds = Math.max(1e-3, (outcomes.lastEndNanos() - firstSentNanos) / 1e9);
        Map<String, Long> refusedByStatus = new TreeMap<>();
        refused.forEach((status, count) -> refusedByStatus.put(status, count.get()));
        return new LoadReport(settings.rate() == 0 ? "open" : Integer.toString(settings.rate()), submitted.get(),
                accepted.get(), refusedByStatus, failed.get(), outcomes.confirmed(), outcomes.cancelled(),
                accepted.get() - outcomes.ended(), submitSeconds, submitted.get() / submitSeconds,
                outcomes.ended() / seconds, LoadReport.Latency.of(outcomes.latency()));
    }

}
