package io.orderflow;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.orderflow.order.PlaceOrder;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.testing.OrderflowProcesses;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Clients that never retry place orders while nats-server restarts. Whatever each of them was answered,
 * every order that GET /orders/{id} knows ends CONFIRMED or CANCELLED: no order is recorded without the
 * event that drives it.
 */
class NoOrphanOrdersTest {

    @Test
    void everyOrderTheApiKnowsEndsEvenWhenItsClientGaveUp() throws Exception {
        List<String> keys = new CopyOnWriteArrayList<>();
        AtomicBoolean placing = new AtomicBoolean(true);
        ExecutorService clients = Executors.newFixedThreadPool(4);
        try (OrderflowProcesses cluster = new OrderflowProcesses("no-orphans", Map.of())) {
            cluster.setStock("ORPHAN-1", 1_000_000);
            List<Future<?>> running = new java.util.ArrayList<>();
            for (int thread = 0; thread < 4; thread++) {
                String client = "client-" + thread;
                running.add(clients.submit(() -> placeOnce(cluster, client, placing, keys)));
            }
            Thread.sleep(1_000);
            cluster.nats.restart();
            Thread.sleep(2_000);
            placing.set(false);
            for (Future<?> client : running) {
                client.get();
            }
            for (String key : keys) {
                String order = PlaceOrder.orderIdFor(null, key);
                await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).ignoreExceptions().until(() -> {
                    int known = cluster.get("/orders/" + order).statusCode();
                    return known == 404 || List.of("CONFIRMED", "CANCELLED").contains(cluster.status(order));
                });
            }
            assertTrue(keys.size() > 20, "orders attempted: " + keys.size());
        } finally {
            clients.shutdownNow();
        }
    }

    /** One attempt per order, whatever the answer: a client that gives up on the first error. */
    private static Void placeOnce(OrderflowClient cluster, String client, AtomicBoolean placing, List<String> keys)
            throws Exception {
        for (int i = 0; placing.get(); i++) {
            String key = client + "-" + i;
            keys.add(key);
            try {
                cluster.post("/orders", OrderflowClient.orderJson("c-1", "ORPHAN-1", 1, "2.00"), Map.of("Idempotency-Key", key));
            } catch (IOException refused) {
                Thread.sleep(20);
            }
        }
        return null;
    }
}
