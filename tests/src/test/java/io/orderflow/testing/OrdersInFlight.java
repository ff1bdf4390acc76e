package io.orderflow.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import io.orderflow.sandbox.OrderflowClient;
import jakarta.mail.internet.MimeMessage;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orders placed on Orderflow's processes and still in flight when a test breaks something, then the books
 * checked: every order confirmed once, one charge, one distinct email, one event of each kind, stock that adds up.
 */
public final class OrdersInFlight {

    private final OrderflowProcesses system;
    private final String sku;
    private final long initialStock;
    private final Map<String, Integer> quantities = new HashMap<>();

    private OrdersInFlight(OrderflowProcesses system, String sku, long initialStock) {
        this.system = system;
        this.sku = sku;
        this.initialStock = initialStock;
    }

    /**
     * Sets the stock, slows the gateway to 120 ms a charge so that the orders are still in flight when the
     * trouble starts, and places {@code count} orders with 8 clients spread over the flows' replicas.
     */
    public static OrdersInFlight place(OrderflowProcesses system, String sku, long initialStock, int count)
            throws Exception {
        OrdersInFlight orders = new OrdersInFlight(system, sku, initialStock);
        system.setStock(sku, initialStock);
        system.gateway.setLatencyMillis(120);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        try {
            List<Future<Map.Entry<String, Integer>>> placed = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int quantity = 1 + i % 3;
                int customer = i;
                OrderflowClient client = system.clientOf(i % system.replicas.size());
                placed.add(clients.submit(() ->
                        Map.entry(client.placeOrder("c-" + customer, sku, quantity, "2.50"), quantity)));
            }
            for (Future<Map.Entry<String, Integer>> order : placed) {
                orders.quantities.put(order.get().getKey(), order.get().getValue());
            }
        } finally {
            clients.shutdown();
        }
        return orders;
    }

    public Set<String> ids() {
        return quantities.keySet();
    }

    /** Waits until a fifth of the orders are charged, and checks that the rest still are in flight. */
    public void awaitAFifthCharged() {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> system.gateway.approvals() >= quantities.size() / 5);
        assertTrue(system.gateway.approvals() < quantities.size(), "the trouble must start while orders are in flight");
    }

    public void assertEachConfirmedOnce() throws Exception {
        // the email follows the confirmation, after the notification flow's own redeliveries
        await().atMost(Duration.ofSeconds(180)).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(() -> {
            for (String order : quantities.keySet()) {
                if (!system.status(order).equals("CONFIRMED")) {
                    return false;
                }
            }
            return emailMessageIds().keySet().containsAll(confirmationSubjects());
        });
        assertEquals(Map.of(), system.gateway.doubleCharges(), "charged twice");
        for (String order : quantities.keySet()) {
            assertEquals(1, system.gateway.approvals(order), "charges of " + order);
        }
        int count = quantities.size();
        assertEquals(count, stored("ORDERS", "orders.confirmed.>"), "one OrderConfirmed per order");
        assertEquals(count, stored("PAYMENTS", "payments.authorized.>"), "one PaymentAuthorized per order");
        // at least once: a kill between the SMTP server's acceptance and its record sends the email again, with
        // the same Message-ID, so each order has exactly one distinct email
        Map<String, Set<String>> messageIds = emailMessageIds();
        for (String order : quantities.keySet()) {
            assertEquals(Set.of("<email." + order + "@orderflow>"), messageIds.get(confirmationSubject(order)),
                    "emails of " + order);
        }
        long sold = quantities.values().stream().mapToLong(Integer::longValue).sum();
        assertEquals(initialStock - sold, system.stock(sku), "initial = available + sold");
    }

    private static String confirmationSubject(String order) {
        return "Your order " + order + " is confirmed";
    }

    private Set<String> confirmationSubjects() {
        return quantities.keySet().stream().map(OrdersInFlight::confirmationSubject).collect(Collectors.toSet());
    }

    /** The Message-IDs of the emails received, by subject. */
    private Map<String, Set<String>> emailMessageIds() throws Exception {
        Map<String, Set<String>> messageIdsBySubject = new HashMap<>();
        for (MimeMessage email : system.mail.getReceivedMessages()) {
            messageIdsBySubject.computeIfAbsent(email.getSubject(), subject -> new HashSet<>()).add(email.getMessageID());
        }
        return messageIdsBySubject;
    }

    /** Messages on the subject; the read is retried while the test's own connection reconnects. */
    private int stored(String stream, String subject) {
        int[] count = new int[1];
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
            count[0] = system.messages(stream, subject).size();
            return true;
        });
        return count[0];
    }
}
