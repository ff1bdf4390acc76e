package io.orderflow;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.testing.OrderflowProcesses;
import io.orderflow.testing.PrometheusServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an operator watches. A real Prometheus scrapes the flows' /observe/metrics with the shipped alert rules
 * loaded: after a known number of orders, one decline, one retried request and one malformed event, its queries
 * over the scraped series answer those numbers (it runs first: the counters start with the process), and the dead-letter alert is on its way to firing. Hawtio's
 * requests to /observe/jolokia find and read the routes, and its operations and writes are refused.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringTest {

    private static final int CONFIRMED = 5;
    private static final String CHARGE_PAYMENT = "org.apache.camel:context=orderflow,name=\\\"charge-payment\\\",type=routes";
    private static OrderflowProcesses system;
    private static PrometheusServer prometheus;

    @BeforeAll
    static void start() throws Exception {
        system = new OrderflowProcesses("monitoring", Map.of());
        prometheus = PrometheusServer.scraping(system.httpPort(), Path.of("../kubernetes/monitoring/orderflow-alerts.yaml"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        if (system != null) {
            system.close();
        }
    }

    @Test
    @Order(1)
    void prometheusSeesOrdersByOutcomePaymentLatencyConsumersDeadLettersTheBreakerAndTheJvm() throws Exception {
        system.setStock("SKU-M", 100);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < CONFIRMED; i++) {
            orders.add(placeOrder("checkout-" + i));
        }
        // a client's retry of the first order is the same order: counted once
        assertEquals(orders.get(0), placeOrder("checkout-0"));
        await().atMost(Duration.ofSeconds(30)).until(() -> allEnded(orders, "CONFIRMED"));
        system.gateway.setDeclineRate(1.0);
        String declined = placeOrder("checkout-declined");
        await().atMost(Duration.ofSeconds(30)).until(() -> allEnded(List.of(declined), "CANCELLED"));
        try (Connection nats = Nats.connect(system.natsNodes.urls())) {
            nats.jetStream().publish("orders.created." + UUID.randomUUID(), "{\"id\":\"not an event".getBytes(StandardCharsets.UTF_8));
        }

        awaitValue("sum(orderflow_orders_accepted_total)", CONFIRMED + 1);
        awaitValue("sum(orderflow_orders_confirmed_total)", CONFIRMED);
        awaitValue("sum(orderflow_orders_cancelled_total{reason=\"payment_declined\"})", 1);
        awaitValue("sum(orderflow_orders_cancelled_total{reason=\"out_of_stock\"})", 0);
        awaitValue("sum(payment_process_duration_seconds_count{status=\"authorized\"})", CONFIRMED);
        awaitValue("sum(payment_process_duration_seconds_count{status=\"declined\"})", 1);
        awaitValue("sum(payment_process_duration_seconds_bucket{status=\"authorized\",le=\"+Inf\"})", CONFIRMED);
        awaitValue("sum(orderflow_events_stored_total{type=\"OrderConfirmed\"})", CONFIRMED);
        awaitValue("sum(orderflow_events_stored_total{type=\"InventoryReleased\"})", 1);
        awaitValue("max(orderflow_dead_letter_stream_messages)", 1);
        awaitValue("sum(orderflow_dead_letters_written_total{flow=\"reserve-stock\"})", 1);
        awaitValue("sum(jetstream_consumer_messages_total{route=\"charge-payment\",outcome=\"acked\"})", CONFIRMED + 1);
        awaitValue("max(jetstream_consumer_ack_pending_messages{durable=\"payment-inventory-reserved\"})", 0);
        awaitValue("max(jetstream_consumer_pending_messages{durable=\"inventory-order-created\"})", 0);
        awaitValue("max(jetstream_consumer_oldest_unacked_age_seconds{durable=\"orders-payment-outcome\"})", 0);
        awaitValue("resilience4j_circuitbreaker_state{name=\"payment-gateway-breaker\",state=\"closed\"}", 1);
        awaitValue("sum(resilience4j_circuitbreaker_calls_seconds_count{name=\"payment-gateway-breaker\",kind=\"successful\"})",
                CONFIRMED + 1);
        assertTrue(prometheus.value("sum(jvm_memory_used_bytes{area=\"heap\"})") > 0, "JVM memory");
        assertTrue(prometheus.value("count(jvm_gc_pause_seconds_count)") > 0, "GC pauses");
        assertTrue(prometheus.value("process_uptime_seconds") > 0, "process uptime");

        // the rule's "for: 5m" keeps it pending here; what matters is that it evaluates against the real series
        await().atMost(Duration.ofSeconds(20)).until(() -> alertState("OrderflowDeadLettersPresent").equals("pending"));
    }

    @Test
    void hawtioFindsAndReadsTheRoutesOverJolokiaButCannotStopThemNorChangeThem() throws Exception {
        // what Hawtio's Camel plugin asks first: the agent, then the Camel contexts and their routes
        assertEquals(200, jolokia("{\"type\":\"version\"}").path("status").asInt());
        JsonNode contexts = jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:type=context,*\"}");
        assertEquals("org.apache.camel:context=orderflow,name=\"orderflow\",type=context", contexts.path("value").get(0).asText(),
                contexts.toString());
        JsonNode routes = jolokia("{\"type\":\"search\",\"mbean\":\"org.apache.camel:context=orderflow,type=routes,*\"}");
        assertTrue(routes.path("value").toString().contains("name=\\\"charge-payment\\\""), routes.toString());
        JsonNode operations = jolokia("{\"type\":\"list\",\"path\":\"org.apache.camel/context=orderflow,name=\\\"charge-payment\\\",type=routes/op\"}");
        assertTrue(operations.path("value").has("stop"), operations.toString());

        system.gateway.setDeclineRate(0);
        system.setStock("SKU-H", 10);
        String order = placeOrder("hawtio-1");
        await().atMost(Duration.ofSeconds(30)).until(() -> allEnded(List.of(order), "CONFIRMED"));
        JsonNode statistics = jolokia("{\"type\":\"read\",\"mbean\":\"" + CHARGE_PAYMENT + "\","
                + "\"attribute\":[\"State\",\"ExchangesTotal\",\"ExchangesFailed\",\"MeanProcessingTime\"]}");
        assertEquals("Started", statistics.path("value").path("State").asText(), statistics.toString());
        assertTrue(statistics.path("value").path("ExchangesTotal").asLong() >= 1, statistics.toString());

        JsonNode stop = jolokia("{\"type\":\"exec\",\"mbean\":\"" + CHARGE_PAYMENT + "\",\"operation\":\"stop()\"}");
        assertEquals(403, stop.path("status").asInt(), stop.toString());
        JsonNode write = jolokia("{\"type\":\"write\",\"mbean\":\"" + CHARGE_PAYMENT + "\",\"attribute\":\"TracingPattern\","
                + "\"value\":\"*\"}");
        assertEquals(403, write.path("status").asInt(), write.toString());
        assertEquals("Started", jolokia("{\"type\":\"read\",\"mbean\":\"" + CHARGE_PAYMENT + "\",\"attribute\":\"State\"}")
                .path("value").asText(), "the route still runs");
    }

    /** One Jolokia request as Hawtio sends it: a JSON body POSTed to the agent's exact path. */
    private static JsonNode jolokia(String request) throws Exception {
        return OrderflowClient.json(system.post("/observe/jolokia", request, Map.of()));
    }

    private static String placeOrder(String idempotencyKey) throws Exception {
        HttpResponse<String> placed = system.post("/orders", OrderflowClient.orderJson("c-metrics", "SKU-M", 1, "12.50"),
                Map.of("Idempotency-Key", idempotencyKey));
        assertEquals(202, placed.statusCode(), placed.body());
        return OrderflowClient.json(placed).get("order_id").asText();
    }

    private static boolean allEnded(List<String> orders, String status) throws Exception {
        for (String order : orders) {
            if (!system.status(order).equals(status)) {
                return false;
            }
        }
        return true;
    }

    private static void awaitValue(String promQl, double expected) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertEquals(expected, prometheus.value(promQl), promQl));
    }

    /** The state of the alert in Prometheus now (pending, firing), or "" when it holds none. */
    private static String alertState(String name) throws Exception {
        for (JsonNode alert : prometheus.alerts()) {
            if (alert.path("labels").path("alertname").asText().equals(name)) {
                return alert.path("state").asText();
            }
        }
        return "";
    }
}
