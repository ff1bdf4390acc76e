package io.orderflow;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Message;
import io.orderflow.deadletter.DeadLetterHeaders;
import io.orderflow.sandbox.MalformedInput;
import io.orderflow.testing.OrderflowSystem;
import io.orderflow.testing.ThreadCensus;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad requests are refused with a 4xx and a reason; bad events are dead-lettered with theirs; nothing stops. */
class BadInputTest {

    @RegisterExtension
    static final OrderflowSystem system = new OrderflowSystem();

    @Test
    void malformedOrdersAreRefusedWithAReason() throws Exception {
        String line = "{\"sku\":\"S-1\",\"quantity\":1,\"unit_price\":\"1.00\"}";
        Map<String, String> refusals = Map.ofEntries(
                Map.entry("not json", "not valid JSON"),
                Map.entry("[]", "JSON object"),
                Map.entry("{}", "'customer_id' is required"),
                Map.entry("{\"customer_id\":7,\"currency\":\"EUR\",\"items\":[" + line + "]}", "must be a string"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"EUR\"}", "'items'"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"EUR\",\"items\":[]}", "'items'"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"ZZZ\",\"items\":[" + line + "]}", "ZZZ is not an ISO 4217"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"S-1\",\"quantity\":0,\"unit_price\":\"1.00\"}]}",
                        "quantity must be a whole number"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"S-1\",\"quantity\":-3,\"unit_price\":\"1.00\"}]}",
                        "quantity must be a whole number"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"S-1\",\"quantity\":1.5,\"unit_price\":\"1.00\"}]}",
                        "quantity must be a whole number"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"S-1\",\"quantity\":1,\"unit_price\":\"abc\"}]}",
                        "is not a decimal"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"S-1\",\"quantity\":1,\"unit_price\":\"1.001\"}]}",
                        "at most 2 decimals"),
                Map.entry("{\"customer_id\":\"c-1\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"a.>\",\"quantity\":1,\"unit_price\":\"1.00\"}]}",
                        "sku 'a.>' is invalid"));
        for (Map.Entry<String, String> refusal : refusals.entrySet()) {
            HttpResponse<String> response = system.post("/orders", refusal.getKey(), Map.of());
            assertEquals(400, response.statusCode(), refusal.getKey() + " -> " + response.body());
            JsonNode error = OrderflowSystem.json(response);
            assertTrue(error.get("error").asText().contains(refusal.getValue()), refusal.getKey() + " -> " + response.body());
        }
    }

    @Test
    void aThousandGeneratedMalformedOrdersAreAllRefusedWithAReasonAndNothingLeaks() throws Exception {
        ThreadCensus threadsBefore = ThreadCensus.take();
        Random random = new Random(42);
        for (int i = 0; i < 1_000; i++) {
            String body = MalformedInput.order(random);
            HttpResponse<String> response = system.post("/orders", body, Map.of());
            assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, body + " -> " + response.statusCode());
            assertTrue(OrderflowSystem.json(response).get("error").asText().length() > 10, body + " -> " + response.body());
        }
        assertNoThreadPerInput(threadsBefore, 1_000);
    }

    @Test
    void aThousandGeneratedMalformedEventsAreAllDeadLetteredAndNoRouteStops() throws Exception {
        Random random = new Random(7);
        long deadAtStart = system.messages("DLQ", "dlq.>").size();
        publishMalformedEvents(random, "warm-up", 200);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> system.messages("DLQ", "dlq.>").size() - deadAtStart >= 200);
        ThreadCensus threadsBefore = ThreadCensus.take();
        long deadBefore = system.messages("DLQ", "dlq.>").size();
        publishMalformedEvents(random, "fuzz", 1_000);
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120))
                .until(() -> system.messages("DLQ", "dlq.>").size() - deadBefore >= 1_000);
        Thread.sleep(1_000);
        assertEquals(1_000, system.messages("DLQ", "dlq.>").size() - deadBefore, "one dead letter per bad event");
        for (Message dead : system.messages("DLQ", "dlq.>")) {
            assertTrue(dead.getHeaders().getFirst(DeadLetterHeaders.REASON).length() > 10);
        }
        system.camel().getRoutes().forEach(route ->
                assertEquals(ServiceStatus.Started, system.camel().getRouteController().getRouteStatus(route.getRouteId())));
        assertNoThreadPerInput(threadsBefore, 1_000);
    }

    /**
     * A thread left behind per bad input would add about a thousand; cached pools (the producers' continuations,
     * HTTP workers) may add a few under a burst and let them go after a minute idle.
     */
    private static void assertNoThreadPerInput(ThreadCensus before, int inputs) {
        ThreadCensus after = ThreadCensus.take();
        assertTrue(after.total() - before.total() < inputs / 20,
                "threads " + before.total() + " -> " + after.total() + ", grown: " + after.grownSince(before));
    }

    /** On subjects that exactly one flow consumes, so that each bad event makes exactly one dead letter. */
    private static void publishMalformedEvents(Random random, String prefix, int count) throws Exception {
        List<String> subjects = List.of("orders.created", "inventory.reserved", "inventory.rejected",
                "payments.authorized", "orders.confirmed", "orders.cancelled");
        for (int i = 0; i < count; i++) {
            String subject = subjects.get(random.nextInt(subjects.size())) + "." + prefix + "-" + i;
            system.nats().jetStream().publish(subject, MalformedInput.event(random).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static List<Message> deadLettersOf(List<String> subjects) throws Exception {
        return system.messages("DLQ", "dlq.>").stream()
                .filter(dead -> subjects.contains(dead.getHeaders().getFirst(DeadLetterHeaders.SUBJECT)))
                .toList();
    }

    @Test
    void anOversizedBodyIsRefusedWith413() throws Exception {
        String huge = "{\"customer_id\":\"c-1\",\"pad\":\"" + "x".repeat(200_000) + "\"}";
        HttpResponse<String> response = system.post("/orders", huge, Map.of());
        assertEquals(413, response.statusCode(), response.body());
        assertTrue(OrderflowSystem.json(response).get("error").asText().contains("at most"));
    }

    @Test
    void aBodyThatIsNotJsonByContentTypeIsRefused() throws Exception {
        HttpResponse<String> response = system.post("/orders", "customer_id=c-1",
                Map.of("Content-Type", "application/x-www-form-urlencoded"));
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + " " + response.body());
    }

    @Test
    void malformedEventsAreDeadLetteredWithTheirReasonAndTheRoutesKeepRunning() throws Exception {
        List<String> subjects = List.of("orders.created.bad-1", "inventory.reserved.bad-2", "payments.authorized.bad-3",
                "orders.confirmed.bad-4", "inventory.rejected.bad-5");
        List<String> bodies = List.of("not json", "{\"id\":\"x\"}",
                "{\"id\":\"e-3\",\"type\":\"PaymentAuthorized\",\"aggregate_id\":\"no-such-order\",\"data\":{},"
                        + "\"timestamp\":\"2026-01-01T00:00:00Z\",\"trace_id\":\"t\"}",
                "{\"id\":\"e-4\",\"type\":\"Bogus\",\"aggregate_id\":\"o\",\"data\":{},\"timestamp\":\"t\"}",
                "[1,2,3]");
        for (int i = 0; i < subjects.size(); i++) {
            system.nats().jetStream().publish(subjects.get(i), bodies.get(i).getBytes(StandardCharsets.UTF_8));
        }
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> deadLettersOf(subjects).size() == subjects.size());
        List<String> deadSubjects = new ArrayList<>();
        for (Message dead : deadLettersOf(subjects)) {
            String reason = dead.getHeaders().getFirst(DeadLetterHeaders.REASON);
            assertTrue(reason != null && !reason.isBlank(), "reason for " + dead.getSubject());
            assertNotNull(dead.getHeaders().getFirst(DeadLetterHeaders.FLOW));
            String deadSubject = dead.getHeaders().getFirst(DeadLetterHeaders.SUBJECT);
            deadSubjects.add(deadSubject);
            assertEquals(bodies.get(subjects.indexOf(deadSubject)), new String(dead.getData(), StandardCharsets.UTF_8),
                    "the dead letter of " + deadSubject + " is the event as it arrived");
        }
        assertTrue(deadSubjects.containsAll(subjects), deadSubjects.toString());
        system.camel().getRoutes().forEach(route ->
                assertEquals(ServiceStatus.Started, system.camel().getRouteController().getRouteStatus(route.getRouteId()),
                        route.getRouteId()));
        system.setStock("AFTER-BAD", 5);
        String order = system.placeOrder("c-1", "AFTER-BAD", 1, "2.50");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> system.status(order).equals("CONFIRMED"));
    }
}
