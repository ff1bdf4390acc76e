package io.orderflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.orderflow.testing.OrderflowCluster;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flows run in their own JVM; in the middle of 500 orders it is killed, terminated or loses its
 * nats-server. Afterwards every order is confirmed exactly once: one charge, at most one email, one
 * terminal event, and the stock adds up.
 */
class CrashRecoveryTest {

    private static final int ORDERS = 500;
    private static final long INITIAL_STOCK = 5_000;
    /** Few payment threads, and a gateway that takes 120 ms: the orders are still in flight when trouble starts. */
    private static final Map<String, String> SLOW_PAYMENTS = Map.of("CONSUMER_CONCURRENCY", "8");

    /** What goes wrong half-way through the orders. */
    private interface Trouble {
        void strike(OrderflowCluster cluster) throws Exception;
    }

    @Test
    void killNineOfTheFlowsInTheMiddleOfFiveHundredOrders() throws Exception {
        survives("kill-nine", Map.of(), cluster -> {
            cluster.flows.kill();
            cluster.flows.start();
        });
    }

    @Test
    void natsServerRestartInTheMiddleOfFiveHundredOrders() throws Exception {
        survives("nats-restart", Map.of(), cluster -> cluster.nats.restart());
    }

    @Test
    void sigtermUnderLoadExitsWithinTheTimeoutAndTheNextProcessFinishesEveryOrder() throws Exception {
        survives("sigterm", Map.of("SHUTDOWN_TIMEOUT_SECONDS", "10"), cluster -> {
            long signalled = cluster.flows.signalTerminate();
            // readiness turns DOWN as soon as draining starts, while the orders in flight still finish
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> cluster.get("/observe/health/ready").statusCode() == 503);
            Duration shutdown = cluster.flows.awaitExit(signalled, Duration.ofSeconds(20));
            assertTrue(shutdown.compareTo(Duration.ofSeconds(15)) < 0, "shut down in " + shutdown);
            cluster.flows.start();
        });
    }

    private static void survives(String name, Map<String, String> environment, Trouble trouble) throws Exception {
        Map<String, String> withSlowPayments = new HashMap<>(SLOW_PAYMENTS);
        withSlowPayments.putAll(environment);
        try (OrderflowCluster cluster = new OrderflowCluster(name, withSlowPayments)) {
            Map<String, Integer> orders = placeOrders(cluster);
            awaitHalfWay(cluster);
            trouble.strike(cluster);
            assertEveryOrderConfirmedOnce(cluster, orders);
        }
    }

    /** Places the orders with 8 clients; answers each order's quantity. */
    private static Map<String, Integer> placeOrders(OrderflowCluster cluster) throws Exception {
        cluster.setStock("CRASH-1", INITIAL_STOCK);
        // 8 payment threads (SLOW_PAYMENTS) at 120 ms a charge: about 65 payments a second, so 500 orders are
        // still in flight when the trouble starts
        cluster.gateway.setLatencyMillis(120);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Map.Entry<String, Integer>>> placed = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            int quantity = 1 + i % 3;
            int customer = i;
            placed.add(clients.submit(() ->
                    Map.entry(cluster.placeOrder("c-" + customer, "CRASH-1", quantity, "2.50"), quantity)));
        }
        Map<String, Integer> orders = new HashMap<>();
        for (Future<Map.Entry<String, Integer>> order : placed) {
            orders.put(order.get().getKey(), order.get().getValue());
        }
        clients.shutdown();
        return orders;
    }

    private static void awaitHalfWay(OrderflowCluster cluster) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> cluster.gateway.approvals() >= ORDERS / 5);
        assertTrue(cluster.gateway.approvals() < ORDERS, "the trouble must start while orders are in flight");
    }

    /** Messages on the subject; the read is retried while the test's own connection reconnects. */
    private static int count(OrderflowCluster cluster, String stream, String subject) {
        int[] count = new int[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            count[0] = cluster.messages(stream, subject).size();
            return true;
        });
        return count[0];
    }

    private static void assertEveryOrderConfirmedOnce(OrderflowCluster cluster, Map<String, Integer> orders)
            throws Exception {
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            for (String order : orders.keySet()) {
                if (!cluster.status(order).equals("CONFIRMED")) {
                    return false;
                }
            }
            return true;
        });
        assertEquals(Map.of(), cluster.gateway.doubleCharges(), "charged twice");
        for (String order : orders.keySet()) {
            assertEquals(1, cluster.gateway.approvals(order), "charges of " + order);
        }
        assertEquals(ORDERS, count(cluster, "ORDERS", "orders.confirmed.>"), "one OrderConfirmed per order");
        assertEquals(ORDERS, count(cluster, "PAYMENTS", "payments.authorized.>"), "one PaymentAuthorized per order");
        // at least once: a kill between the SMTP server's acceptance and its record sends the email again, with
        // the same Message-ID, so each order has exactly one distinct email
        Map<String, java.util.Set<String>> messageIdsBySubject = new HashMap<>();
        for (MimeMessage email : cluster.mail.getReceivedMessages()) {
            messageIdsBySubject.computeIfAbsent(email.getSubject(), subject -> new java.util.HashSet<>()).add(email.getMessageID());
        }
        for (String order : orders.keySet()) {
            assertEquals(java.util.Set.of("<email." + order + "@orderflow>"),
                    messageIdsBySubject.get("Your order " + order + " is confirmed"), "emails of " + order);
        }
        long sold = orders.values().stream().mapToLong(Integer::longValue).sum();
        assertEquals(INITIAL_STOCK - sold, cluster.stock("CRASH-1"), "initial = available + sold");
    }
}
