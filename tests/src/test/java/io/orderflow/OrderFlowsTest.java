package io.orderflow;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.testing.OrderflowSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The five flows end to end over HTTP, on a nats-server of the test's own. */
class OrderFlowsTest {

    @RegisterExtension
    static final OrderflowSystem system = new OrderflowSystem();

    @Test
    void twoHundredOrdersWithEnoughStockAreAllConfirmedWithTheirFullHistory() throws Exception {
        system.setStock("LIFE-1", 1_000);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            orders.add(system.placeOrder("c-" + i, "LIFE-1", 3, "19.99"));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> allInStatus(orders, "CONFIRMED"));
        assertEquals(1_000 - 200 * 3, system.stock("LIFE-1"));
        JsonNode first = system.order(orders.get(0));
        assertEquals("59.97", first.get("amount").asText());
        assertEquals("EUR", first.get("currency").asText());
        List<String> expected = List.of("OrderCreated", "InventoryReserved", "PaymentAuthorized", "OrderConfirmed",
                "NotificationSent");
        for (String order : orders) {
            await().atMost(Duration.ofSeconds(20)).until(() -> system.history(order).size() == expected.size());
            assertEquals(expected, system.history(order), "history of " + order);
            assertEquals(1, system.gateway.approvals(order), "charges of " + order);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> system.mail.getReceivedMessages().length >= 200);
    }

    @Test
    void fiftyConcurrentOrdersOnAStockOfTenNeverOversell() throws Exception {
        system.setStock("SCARCE-1", 10);
        ExecutorService clients = Executors.newFixedThreadPool(16);
        List<Future<String>> placed = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            int customer = i;
            placed.add(clients.submit(() -> system.placeOrder("c-" + customer, "SCARCE-1", 1, "5.00")));
        }
        List<String> orders = new ArrayList<>();
        for (Future<String> order : placed) {
            orders.add(order.get());
        }
        clients.shutdown();
        await().atMost(Duration.ofSeconds(60)).until(() -> allTerminal(orders));
        int confirmed = 0;
        for (String order : orders) {
            JsonNode view = system.order(order);
            if (view.get("status").asText().equals("CONFIRMED")) {
                confirmed++;
            } else {
                assertEquals("CANCELLED", view.get("status").asText());
                assertTrue(view.get("reason").asText().startsWith("out of stock: SCARCE-1"), view.toString());
            }
        }
        assertEquals(10, confirmed);
        assertEquals(0, system.stock("SCARCE-1"));
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndReleasesItsStock() throws Exception {
        system.setStock("DECLINE-1", 20);
        system.gateway.setDeclineRate(1.0);
        try {
            String order = system.placeOrder("c-poor", "DECLINE-1", 4, "10.00");
            await().atMost(Duration.ofSeconds(30)).until(() -> system.status(order).equals("CANCELLED"));
            assertTrue(system.order(order).get("reason").asText().contains("payment declined"));
            await().atMost(Duration.ofSeconds(30)).until(() -> system.history(order).contains("InventoryReleased"));
            assertEquals(20, system.stock("DECLINE-1"));
            assertEquals(0, system.gateway.approvals(order));
        } finally {
            system.gateway.setDeclineRate(0);
        }
    }

    @Test
    void theSameIdempotencyKeyMakesOneOrder() throws Exception {
        system.setStock("IDEM-1", 10);
        String body = OrderflowSystem.orderJson("c-1", "IDEM-1", 2, "19.99");
        HttpResponse<String> first = system.post("/orders", body, Map.of("Idempotency-Key", "checkout-42"));
        HttpResponse<String> second = system.post("/orders", body, Map.of("Idempotency-Key", "checkout-42"));
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, second.statusCode(), second.body());
        String order = OrderflowSystem.json(first).get("order_id").asText();
        assertEquals(order, OrderflowSystem.json(second).get("order_id").asText());
        assertEquals("/orders/" + order, first.headers().firstValue("Location").orElseThrow());
        await().atMost(Duration.ofSeconds(30)).until(() -> system.status(order).equals("CONFIRMED"));
        assertEquals(8, system.stock("IDEM-1"));
        assertEquals(Collections.frequency(system.history(order), "OrderCreated"), 1);

        HttpResponse<String> reused = system.post("/orders", OrderflowSystem.orderJson("c-1", "IDEM-1", 5, "19.99"),
                Map.of("Idempotency-Key", "checkout-42"));
        assertEquals(422, reused.statusCode(), reused.body());
        HttpResponse<String> other = system.post("/orders", body, Map.of("Idempotency-Key", "checkout-43"));
        assertNotEquals(order, OrderflowSystem.json(other).get("order_id").asText());
    }

    @Test
    void unknownOrdersAreNotFound() throws Exception {
        assertEquals(404, system.get("/orders/does-not-exist").statusCode());
        assertEquals(404, system.get("/orders/does-not-exist/events").statusCode());
        assertEquals(400, system.get("/orders/a.b.%3E/events").statusCode());
    }

    private static boolean allInStatus(List<String> orders, String status) throws Exception {
        for (String order : orders) {
            if (!system.status(order).equals(status)) {
                return false;
            }
        }
        return true;
    }

    private static boolean allTerminal(List<String> orders) throws Exception {
        for (String order : orders) {
            if (system.status(order).equals("PENDING")) {
                return false;
            }
        }
        return true;
    }
}
