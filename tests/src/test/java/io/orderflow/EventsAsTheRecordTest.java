package io.orderflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.orderflow.testing.OrderflowSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Each state change of an order is one event, stored once: events handled again long after the duplicate
 * window (here one second) make the flows store nothing new, charge nothing and email nobody.
 */
class EventsAsTheRecordTest {

    @RegisterExtension
    static final OrderflowSystem system = new OrderflowSystem(Map.of("orderflow.jetstream.duplicate-window", "1s"));

    @Test
    void eventsHandledAgainAfterTheDuplicateWindowStoreNothingNew() throws Exception {
        system.setStock("RECORD-1", 100);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(system.placeOrder("c-" + i, "RECORD-1", 1, "3.00"));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> allNotified(orders));
        Thread.sleep(1_500);

        // what a consumer recreated from the start, or an operator's replay, hands the flows again
        for (String order : orders) {
            republish("ORDERS", "orders.created." + order);
            republish("PAYMENTS", "payments.authorized." + order);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> settled("ORDERS", "inventory-order-created")
                && settled("PAYMENTS", "orders-payment-outcome"));
        Thread.sleep(1_000);

        for (String order : orders) {
            assertEquals(1, stored("INVENTORY", "inventory.reserved." + order), "InventoryReserved of " + order);
            assertEquals(1, stored("ORDERS", "orders.confirmed." + order), "OrderConfirmed of " + order);
            assertEquals(1, stored("NOTIFICATIONS", "notifications.sent." + order), "NotificationSent of " + order);
            assertEquals(1, system.gateway.approvals(order), "charges of " + order);
        }
        assertEquals(95, system.stock("RECORD-1"));
        assertEquals(5, system.mail.getReceivedMessages().length);
    }

    /** Publishes a copy of the stored event, with its own Nats-Msg-Id, as its flow once did. */
    private static void republish(String stream, String subject) throws Exception {
        Message original = system.messages(stream, subject).get(0);
        system.nats().jetStream().publish(NatsMessage.builder().subject(subject).data(original.getData())
                .headers(new Headers().put("Nats-Msg-Id", original.getHeaders().getFirst("Nats-Msg-Id"))).build());
    }

    private static boolean allNotified(List<String> orders) throws Exception {
        for (String order : orders) {
            if (stored("NOTIFICATIONS", "notifications.sent." + order) != 1) {
                return false;
            }
        }
        return true;
    }

    private static int stored(String stream, String subject) throws Exception {
        return system.messages(stream, subject).size();
    }

    private static boolean settled(String stream, String durable) throws Exception {
        var consumer = system.nats().jetStreamManagement().getConsumerInfo(stream, durable);
        return consumer.getNumPending() == 0 && consumer.getNumAckPending() == 0;
    }
}
