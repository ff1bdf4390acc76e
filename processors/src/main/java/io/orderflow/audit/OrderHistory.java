package io.orderflow.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.orderflow.event.EventType;
import io.orderflow.event.Json;
import io.orderflow.http.Identifiers;
import io.orderflow.http.RejectedRequestException;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.nats.JetStreamTopology;

/**
 * An order's events in the order they happened: by their timestamps, and by the business process's order
 * of event types when two share a millisecond. The audit stream's own order is not that order: it sources
 * four streams, and an InventoryReserved can reach it before the OrderCreated that caused it.
 * <p>
 * The audit stream holds each event under its order ({@link JetStreamTopology#auditFilter}), renamed by
 * nats-server as it sources the event streams, so this reads one subject filter.
 */
public class OrderHistory {

    static final Comparator<JsonNode> IN_THE_ORDER_THEY_HAPPENED = Comparator
            .comparing((JsonNode event) -> timestamp(event))
            .thenComparing(event -> EventType.fromTypeName(event.path("type").asText())
                    .map(Enum::ordinal).orElse(Integer.MAX_VALUE));

    private final JetStreamConnection connection;
    private final String auditStream;

    public OrderHistory(JetStreamConnection connection, String auditStream) {
        this.connection = connection;
        this.auditStream = auditStream;
    }

    private static Instant timestamp(JsonNode event) {
        try {
            return Instant.parse(event.path("timestamp").asText());
        } catch (DateTimeParseException notATimestamp) {
            return Instant.MAX;
        }
    }

    public List<JsonNode> events(String orderId) throws IOException {
        Identifiers.require(orderId, "order id");
        List<JsonNode> events = new ArrayList<>();
        connection.readEach(auditStream, JetStreamTopology.auditFilter(orderId), message -> {
            try {
                events.add(Json.MAPPER.readTree(message.getData()));
            } catch (IOException e) {
                events.add(TextNode.valueOf(new String(message.getData(), StandardCharsets.UTF_8)));
            }
            return true;
        });
        if (events.isEmpty()) {
            throw RejectedRequestException.notFound("Order " + orderId + " has no events");
        }
        events.sort(IN_THE_ORDER_THEY_HAPPENED);
        return events;
    }
}
