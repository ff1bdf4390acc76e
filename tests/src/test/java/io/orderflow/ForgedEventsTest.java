package io.orderflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.nats.client.Message;
import io.orderflow.deadletter.DeadLetterHeaders;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.testing.OrderflowSystem;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events are claims, checked against the order as it was placed and the gateway's recorded decision: a forged
 * or mismatched event confirms, charges and emails nothing, and is dead-lettered with its reason.
 */
class ForgedEventsTest {

    @RegisterExtension
    static final OrderflowSystem system = new OrderflowSystem();

    @AfterEach
    void gatewayBack() {
        system.gateway.setOutage(false);
    }

    /**
     * Published while the gateway is down, the forgery takes the subject the real PaymentAuthorized will need:
     * it waits for the gateway's decision, is dead-lettered when the decision disagrees, and the real event is
     * stored after it, so the order still ends confirmed, charged and emailed once.
     */
    @Test
    void aForgedPaymentAuthorizedConfirmsNothingAndDoesNotBlockTheRealOne() throws Exception {
        system.gateway.setOutage(true);
        String order = placeOrder("forged-paid");
        publish(forged(order, EventType.PAYMENT_AUTHORIZED, Map.of("charge_id", "ch-forged")));
        Thread.sleep(1_000);
        assertEquals("PENDING", system.status(order));
        system.gateway.setOutage(false);
        assertDeadLettered(EventType.PAYMENT_AUTHORIZED.subject(order), "not what the payment gateway decided");
        assertConfirmedOnce(order, "c-forged-paid");
    }

    @Test
    void anEventOnAnotherTypesSubjectIsRefused() throws Exception {
        system.gateway.setOutage(true);
        String order = placeOrder("mismatch");
        Event authorized = forged(order, EventType.PAYMENT_AUTHORIZED, Map.of("charge_id", "ch-x"));
        String subject = EventType.INVENTORY_REJECTED.subject(order);
        system.nats().jetStream().publish(subject, authorized.toJson());
        assertDeadLettered(subject, "arrived on " + subject);
        assertEquals("PENDING", system.status(order));
    }

    @Test
    void anInventoryReservedWithAChangedAmountChargesNothing() throws Exception {
        system.gateway.setOutage(true);
        String order = placeOrder("cheap");
        Map<String, Object> cheaper = new LinkedHashMap<>(summary(order));
        cheaper.put("amount", "0.01");
        publish(Event.first(EventType.INVENTORY_RESERVED, order, cheaper));
        assertDeadLettered(EventType.INVENTORY_RESERVED.subject(order), "says customer c-cheap for 0.01 EUR");
        system.gateway.setOutage(false);
        assertConfirmedOnce(order, "c-cheap");
    }

    @Test
    void aForgedConfirmationEmailsNoOneElse() throws Exception {
        system.gateway.setOutage(true);
        String order = placeOrder("victim");
        Map<String, Object> otherCustomer = new LinkedHashMap<>(summary(order));
        otherCustomer.put("customer_id", "someone-else");
        publish(Event.first(EventType.ORDER_CONFIRMED, order, otherCustomer));
        assertDeadLettered(EventType.ORDER_CONFIRMED.subject(order), "says customer someone-else");
        system.gateway.setOutage(false);
        assertConfirmedOnce(order, "c-victim");
        assertEquals(List.of(), recipientsOf(order).stream().filter(to -> to.startsWith("someone-else@")).toList());
    }

    /** Confirmed, charged once at the gateway, and one email to the customer who placed it. */
    private static void assertConfirmedOnce(String order, String customer) throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> system.status(order).equals("CONFIRMED")
                && recipientsOf(order).size() == 1);
        assertEquals(1, system.gateway.approvals(order));
        assertEquals(List.of(customer + "@customers.orderflow.local"), recipientsOf(order));
    }

    private static List<String> recipientsOf(String order) throws Exception {
        List<String> recipients = new ArrayList<>();
        for (MimeMessage email : system.mail.getReceivedMessages()) {
            if (email.getSubject().contains(order)) {
                recipients.add(email.getAllRecipients()[0].toString());
            }
        }
        return recipients;
    }

    private static String placeOrder(String customer) throws Exception {
        system.setStock("FORGE-1", 1_000);
        return system.placeOrder("c-" + customer, "FORGE-1", 2, "5.00");
    }

    private static Map<String, Object> summary(String order) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order_id", order);
        data.put("customer_id", OrderflowSystem.json(system.get("/orders/" + order)).get("customer_id").asText());
        data.put("amount", "10.00");
        data.put("currency", "EUR");
        return data;
    }

    private static Event forged(String order, EventType type, Map<String, Object> extra) throws Exception {
        Map<String, Object> data = new LinkedHashMap<>(summary(order));
        data.putAll(extra);
        return Event.first(type, order, data);
    }

    /** Published without the conditions the flows publish with: a forger does not play by them. */
    private static void publish(Event event) throws Exception {
        system.nats().jetStream().publish(event.subject(), event.toJson());
    }

    private static void assertDeadLettered(String subject, String reason) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            List<Message> dead = system.messages("DLQ", "dlq.>").stream()
                    .filter(letter -> subject.equals(letter.getHeaders().getFirst(DeadLetterHeaders.SUBJECT))).toList();
            assertEquals(1, dead.size(), "dead letters from " + subject);
            String why = dead.get(0).getHeaders().getFirst(DeadLetterHeaders.REASON);
            assertTrue(why.contains(reason), why);
        });
    }
}
