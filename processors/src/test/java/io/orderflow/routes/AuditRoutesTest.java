package io.orderflow.routes;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.nats.client.JetStreamApiException;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.Json;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * routes/audit.camel.yaml: an order's history as the AUDIT stream sourced it from every event stream, read by
 * the order's subjects there: no copy of any event is made for it.
 */
class AuditRoutesTest extends FlowRouteTestSupport {

    private final HttpClient http = HttpClient.newHttpClient();

    @Override
    protected String flow() {
        return "audit";
    }

    @Test
    void anOrdersHistoryHoldsTheEventsOfEveryFlowForThatOrderOnly() throws Exception {
        Event created = placeOrder("o-audit");
        Event reserved = created.causes(EventType.INVENTORY_RESERVED, Map.of("order_id", "o-audit"));
        publish(reserved);
        placeOrder("o-other");

        List<String> types = await().atMost(Duration.ofSeconds(10))
                .until(() -> eventTypes(history("o-audit")), events -> events.size() == 2);
        assertEquals(List.of("OrderCreated", "InventoryReserved"), types);
    }

    @Test
    void aMessageOutsideTheEventContractIsNotInAnyHistory() throws Exception {
        publish("orders.created.o-odd.extra", "{}".getBytes(StandardCharsets.UTF_8));
        placeOrder("o-odd");

        await().atMost(Duration.ofSeconds(10)).until(() -> eventTypes(history("o-odd")).size() == 1);
        Thread.sleep(200);
        assertEquals(List.of("OrderCreated"), eventTypes(history("o-odd")));
        // sourced as it is, it would be in AUDIT under its own subject, where no history looks
        JetStreamApiException absent = assertThrows(JetStreamApiException.class,
                () -> testClient().jetStreamManagement().getLastMessage("AUDIT", "orders.created.o-odd.extra"));
        assertEquals(10037, absent.getApiErrorCode(), "no message found");
    }

    @Test
    void anOrderWithoutEventsHasNoHistory() throws Exception {
        assertEquals(404, history("o-none").statusCode());
    }

    /** GET /orders/{id}/events, as a client asks it: the REST route and its steps are one route in Camel. */
    private HttpResponse<byte[]> history(String orderId) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + context.resolvePropertyPlaceholders("{{camel.server.port}}")
                + "/orders/" + orderId + "/events");
        return http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static List<String> eventTypes(HttpResponse<byte[]> answer) throws Exception {
        List<String> types = new ArrayList<>();
        if (answer.statusCode() == 200) {
            Json.MAPPER.readTree(answer.body()).forEach(event -> types.add(event.path("type").asText()));
        }
        return types;
    }
}
