package io.orderflow.gateway;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.orderflow.event.Json;

/**
 * A payment gateway for local runs and tests, serving the gateway API Orderflow calls:
 * {@code POST /charges} with an {@code Idempotency-Key} answers 200 approved or 402 declined, and the same
 * key always gets the first answer again. {@code POST /control} sets decline rate, error rate, latency and
 * a full outage; {@code GET /ledger} tells what was charged, so a test can count double charges.
 * Built on the JDK's HTTP server: a test double needs nothing more.
 */
public final class PaymentGatewaySimulator implements AutoCloseable {

    private record Answer(int status, byte[] body) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(32);
    private final Map<String, Answer> answersByKey = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> approvalsByOrder = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> requestsByOrder = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile double declineRate;
    private volatile double errorRate;
    private volatile long latencyMillis;
    private volatile boolean outage;
    private volatile String apiKey;

    public PaymentGatewaySimulator(int port) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        server.createContext("/charges", this::charge);
        server.createContext("/control", this::control);
        server.createContext("/ledger", this::ledger);
        server.setExecutor(threads);
        server.start();
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("GATEWAY_PORT", "8090"));
        PaymentGatewaySimulator simulator = new PaymentGatewaySimulator(port);
        simulator.declineRate = Double.parseDouble(System.getenv().getOrDefault("GATEWAY_DECLINE_RATE", "0"));
        simulator.errorRate = Double.parseDouble(System.getenv().getOrDefault("GATEWAY_ERROR_RATE", "0"));
        simulator.setApiKey(System.getenv("GATEWAY_API_KEY"));
        System.out.println("Payment gateway simulator on http://127.0.0.1:" + simulator.port()
                + " (POST /charges, GET|POST /control, GET /ledger)");
        Runtime.getRuntime().addShutdownHook(new Thread(simulator::close));
        Thread.currentThread().join();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String url() {
        return "http://127.0.0.1:" + port();
    }

    public void setDeclineRate(double declineRate) {
        this.declineRate = declineRate;
    }

    public void setErrorRate(double errorRate) {
        this.errorRate = errorRate;
    }

    public void setLatencyMillis(long latencyMillis) {
        this.latencyMillis = latencyMillis;
    }

    public void setOutage(boolean outage) {
        this.outage = outage;
    }

    /** Charges must then carry "Authorization: Bearer <key>", as a real gateway's API demands; blank demands none. */
    public void setApiKey(String apiKey) {
        this.apiKey = apiKey == null || apiKey.isBlank() ? null : apiKey;
    }

    /** Orders approved more than once: must stay empty. */
    public Map<String, Long> doubleCharges() {
        Map<String, Long> doubled = new LinkedHashMap<>();
        approvalsByOrder.forEach((order, count) -> {
            if (count.get() > 1) {
                doubled.put(order, count.get());
            }
        });
        return doubled;
    }

    /** Charges approved, all orders together. */
    public long approvals() {
        return approvalsByOrder.values().stream().mapToLong(AtomicLong::get).sum();
    }

    public long approvals(String orderId) {
        AtomicLong count = approvalsByOrder.get(orderId);
        return count == null ? 0 : count.get();
    }

    /** Charge requests for the order that reached a working gateway. */
    public long requests(String orderId) {
        AtomicLong count = requestsByOrder.get(orderId);
        return count == null ? 0 : count.get();
    }

    public long requests() {
        return requests.get();
    }

    private void charge(HttpExchange http) throws IOException {
        try (http) {
            if (!"POST".equals(http.getRequestMethod())) {
                send(http, 405, Map.of("error", "use POST"));
                return;
            }
            String required = apiKey;
            if (required != null && !("Bearer " + required).equals(http.getRequestHeaders().getFirst("Authorization"))) {
                send(http, 401, Map.of("error", "a valid API key is required"));
                return;
            }
            requests.incrementAndGet();
            byte[] body = readBody(http.getRequestBody());
            if (latencyMillis > 0) {
                sleep(latencyMillis);
            }
            if (outage || ThreadLocalRandom.current().nextDouble() < errorRate) {
                failures.incrementAndGet();
                send(http, 503, Map.of("error", outage ? "gateway outage" : "transient gateway error"));
                return;
            }
            String key = http.getRequestHeaders().getFirst("Idempotency-Key");
            JsonNode request;
            try {
                request = Json.MAPPER.readTree(body);
            } catch (IOException e) {
                send(http, 400, Map.of("error", "body is not JSON"));
                return;
            }
            if (key == null || key.isBlank() || request == null || !request.hasNonNull("order_id")
                    || !request.hasNonNull("amount") || !request.hasNonNull("currency")) {
                send(http, 400, Map.of("error", "need Idempotency-Key and order_id, customer_id, amount, currency"));
                return;
            }
            requestsByOrder.computeIfAbsent(request.get("order_id").asText(), o -> new AtomicLong()).incrementAndGet();
            Answer answer = answersByKey.computeIfAbsent(key, k -> decide(request.get("order_id").asText()));
            http.getResponseHeaders().set("Content-Type", "application/json");
            http.sendResponseHeaders(answer.status(), answer.body().length);
            http.getResponseBody().write(answer.body());
        }
    }

    private Answer decide(String orderId) {
        if (ThreadLocalRandom.current().nextDouble() < declineRate) {
            return new Answer(402, json(Map.of("status", "declined", "reason", "insufficient funds")));
        }
        approvalsByOrder.computeIfAbsent(orderId, o -> new AtomicLong()).incrementAndGet();
        return new Answer(200, json(Map.of("charge_id", "ch_" + UUID.randomUUID(), "status", "approved")));
    }

    private void control(HttpExchange http) throws IOException {
        try (http) {
            if ("POST".equals(http.getRequestMethod())) {
                JsonNode settings = Json.MAPPER.readTree(readBody(http.getRequestBody()));
                if (settings.has("decline_rate")) {
                    declineRate = settings.get("decline_rate").asDouble();
                }
                if (settings.has("error_rate")) {
                    errorRate = settings.get("error_rate").asDouble();
                }
                if (settings.has("latency_ms")) {
                    latencyMillis = settings.get("latency_ms").asLong();
                }
                if (settings.has("outage")) {
                    outage = settings.get("outage").asBoolean();
                }
            }
            send(http, 200, Map.of("decline_rate", declineRate, "error_rate", errorRate,
                    "latency_ms", latencyMillis, "outage", outage));
        }
    }

    private void ledger(HttpExchange http) throws IOException {
        try (http) {
            send(http, 200, Map.of("requests", requests.get(), "failures", failures.get(), "approved", approvals(),
                    "decided", answersByKey.size(), "charged_twice", doubleCharges()));
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        return in.readNBytes(64 * 1024);
    }

    private static void send(HttpExchange http, int status, Map<String, ?> body) throws IOException {
        byte[] bytes = json(body);
        http.getResponseHeaders().set("Content-Type", "application/json");
        http.sendResponseHeaders(status, bytes.length);
        http.getResponseBody().write(bytes);
    }

    private static byte[] json(Map<String, ?> body) {
        try {
            return Json.MAPPER.writeValueAsBytes(body);
        } catch (IOException e) {
            return ("{\"error\":\"" + e.getMessage() + "\"}").getBytes(StandardCharsets.UTF_8);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
