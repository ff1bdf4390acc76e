package io.orderflow.audit;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.orderflow.event.Json;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** An order's history reads in the order things happened, not in the order the audit stream sourced them. */
class OrderHistoryOrderTest {

    @Test
    void eventsAreOrderedByTimeAndByTheProcessWhenTheyShareAMillisecond() {
        List<JsonNode> events = new ArrayList<>(List.of(
                event("NotificationSent", "2026-11-30T10:00:01.002Z"),
                event("InventoryReserved", "2026-11-30T10:00:00.500Z"),
                event("OrderConfirmed", "2026-11-30T10:00:01Z"),
                event("PaymentAuthorized", "2026-11-30T10:00:00.900Z"),
                event("OrderCreated", "2026-11-30T10:00:00.500Z")));
        events.sort(OrderHistory.IN_THE_ORDER_THEY_HAPPENED);
        assertEquals(List.of("OrderCreated", "InventoryReserved", "PaymentAuthorized", "OrderConfirmed", "NotificationSent"),
                events.stream().map(event -> event.get("type").asText()).toList());
    }

    private static JsonNode event(String type, String timestamp) {
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", type);
        event.put("timestamp", timestamp);
        return event;
    }
}
