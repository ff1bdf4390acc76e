package io.orderflow;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Message;
import io.nats.client.impl.Headers;
import io.orderflow.testing.OrderflowSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redelivered events have one effect; what failed for good is dead-lettered and can be replayed. */
class RedeliveryAndReplayTest {

    @RegisterExtension
    static final OrderflowSystem system = new OrderflowSystem(Map.of("orderflow.payment.max-deliver", "3"));

    @Test
    void anInventoryReservedDeliveredThreeTimesChargesOnceAndAuthorizesOnce() throws Exception {
        system.setStock("REDELIVER-1", 10);
        String order = system.placeOrder("c-1", "REDELIVER-1", 1, "9.99");
        await().atMost(Duration.ofSeconds(30)).until(() -> system.history(order).contains("NotificationSent"));
        Message reserved = system.messages("INVENTORY", "inventory.reserved." + order).get(0);
        for (int copy = 2; copy <= 3; copy++) {
            // stored again under another message id, as a redelivery after the duplicate window would be
            system.nats().jetStream().publish("inventory.reserved." + order,
                    new Headers().put("Nats-Msg-Id", "copy-" + copy), reserved.getData());
        }
        await().atMost(Duration.ofSeconds(20)).until(() ->
                system.camel().getRegistry().findSingleByType(io.orderflow.jetstream.JetStreamConnection.class)
                        .management().getConsumerInfo("INVENTORY", "payment-inventory-reserved").getNumPending() == 0
                        && system.camel().getRegistry().findSingleByType(io.orderflow.jetstream.JetStreamConnection.class)
                        .management().getConsumerInfo("INVENTORY", "payment-inventory-reserved").getNumAckPending() == 0);
        assertEquals(3, system.messages("INVENTORY", "inventory.reserved." + order).size());
        assertEquals(1, system.gateway.requests(order), "one call to the gateway");
        assertEquals(1, system.gateway.approvals(order), "one charge");
        assertEquals(1, system.messages("PAYMENTS", "payments.authorized." + order).size(), "one PaymentAuthorized");
        assertEquals(1, system.messages("ORDERS", "orders.confirmed." + order).size(), "one OrderConfirmed");
        assertEquals(1, system.messages("NOTIFICATIONS", "notifications.sent." + order).size());
        assertEquals(1, List.of(system.mail.getReceivedMessages()).stream()
                .filter(m -> subjectOf(m).contains(order)).count(), "one email");
    }

    @Test
    void aPaymentThatFailsEveryDeliveryIsDeadLetteredAndReplayCompletesItOnceTheCauseIsFixed() throws Exception {
        system.setStock("POISON-1", 10);
        system.gateway.setOutage(true);
        String order;
        try {
            order = system.placeOrder("c-2", "POISON-1", 2, "4.00");
            await().atMost(Duration.ofSeconds(30)).until(() -> deadLettersOf(order).size() == 1);
        } finally {
            system.gateway.setOutage(false);
        }
        JsonNode deadLetter = deadLettersOf(order).get(0);
        assertEquals("charge-payment", deadLetter.get("flow").asText());
        assertEquals("3", deadLetter.get("attempts").asText());
        assertTrue(deadLetter.get("reason").asText().contains("503"), deadLetter.toString());
        assertEquals("PENDING", system.status(order), "an outage never cancels an order");

        HttpResponse<String> replay = system.post("/dlq/replay",
                "{\"sequences\":[" + deadLetter.get("sequence").asLong() + "]}", Map.of());
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals(1, OrderflowSystem.json(replay).get("replayed").asInt());
        await().atMost(Duration.ofSeconds(30)).until(() -> system.status(order).equals("CONFIRMED"));
        assertTrue(deadLettersOf(order).isEmpty(), "a replayed dead letter leaves the dead-letter stream");
        assertEquals(1, system.gateway.approvals(order));
        assertEquals(8, system.stock("POISON-1"));
    }

    @Test
    void aReplayRequestThatSelectsNothingIsRefused() throws Exception {
        HttpResponse<String> response = system.post("/dlq/replay", "{}", Map.of());
        assertEquals(400, response.statusCode());
        assertTrue(OrderflowSystem.json(response).get("error").asText().contains("Say which dead letters"));
        assertEquals(400, system.get("/dlq?limit=many").statusCode());
    }

    @Test
    void aReplayPublishesOnlyOnEventSubjectsWhateverADeadLetterNames() throws Exception {
        system.setStock("REPLAY-FORGED", 5);
        Headers forged = new Headers().put("Orderflow-Dead-Letter-Subject", "$KV.stock.REPLAY-FORGED")
                .put("Orderflow-Dead-Letter-Flow", "forged-REPLAY-FORGED");
        system.nats().jetStream().publish(io.nats.client.impl.NatsMessage.builder().subject("dlq.forged").headers(forged)
                .data("{\"available\":1000}".getBytes(java.nio.charset.StandardCharsets.UTF_8)).build());
        HttpResponse<String> replay = system.post("/dlq/replay", "{\"flow\":\"forged-REPLAY-FORGED\"}", Map.of());
        assertEquals(200, replay.statusCode(), replay.body());
        JsonNode answer = OrderflowSystem.json(replay);
        assertEquals(0, answer.get("replayed").asInt(), replay.body());
        assertTrue(answer.get("skipped").get(0).asText().contains("is no event subject"), replay.body());
        assertEquals(5, system.stock("REPLAY-FORGED"), "the bucket was not written");
    }

    @Test
    void aDeadLetterIsDeletedOnlyWhenTheDeleteIsConfirmedAndUsageShowsTheStreamsFill() throws Exception {
        system.nats().jetStream().publish("orders.created.to-drop", "not an event".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(20)).until(() -> deadLettersOf("to-drop").size() == 1);
        JsonNode usage = OrderflowSystem.json(system.get("/dlq/usage"));
        assertTrue(usage.get("messages").asLong() >= 1 && usage.get("max_bytes").asLong() == 1L << 30, usage.toString());
        long sequence = deadLettersOf("to-drop").get(0).get("sequence").asLong();

        HttpResponse<String> unconfirmed = system.post("/dlq/delete", "{\"sequences\":[" + sequence + "]}", Map.of());
        assertEquals(400, unconfirmed.statusCode(), unconfirmed.body());
        assertEquals(1, deadLettersOf("to-drop").size(), "nothing deleted without confirmation");

        HttpResponse<String> confirmed = system.post("/dlq/delete", "{\"sequences\":[" + sequence + "],\"confirm\":true}", Map.of());
        assertEquals(200, confirmed.statusCode(), confirmed.body());
        assertEquals(1, OrderflowSystem.json(confirmed).get("deleted").asInt());
        assertTrue(deadLettersOf("to-drop").isEmpty());
    }

    private static List<JsonNode> deadLettersOf(String order) throws Exception {
        JsonNode all = OrderflowSystem.json(system.get("/dlq"));
        return java.util.stream.StreamSupport.stream(all.spliterator(), false)
                .filter(letter -> letter.get("original_subject").asText().endsWith(order)).toList();
    }

    private static String subjectOf(jakarta.mail.internet.MimeMessage message) {
        try {
            return message.getSubject();
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }
}
