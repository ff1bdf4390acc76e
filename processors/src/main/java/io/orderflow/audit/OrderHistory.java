package io.orderflow.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.orderflow.event.Json;
import io.orderflow.http.Identifiers;
import io.orderflow.http.RejectedRequestException;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * An order's events, in the order the audit stream stored them. nats-server 2.9 cannot filter a stream
 * that only sources others, so the audit flow copies each audit event, in order, to
 * {@code history.<order id>} in the history stream, and this reads that subject.
 */
public class OrderHistory {

    private final JetStreamConnection connection;
    private final String historyStream;

    public OrderHistory(JetStreamConnection connection, String historyStream) {
        this.connection = connection;
        this.historyStream = historyStream;
    }

    /** Every event subject ends with its order id: {@code orders.created.<id>} goes to {@code history.<id>}. */
    public static String historySubject(String eventSubject) {
        return "history." + eventSubject.substring(eventSubject.lastIndexOf('.') + 1);
    }

    public List<JsonNode> events(String orderId) throws IOException {
        Identifiers.require(orderId, "order id");
        List<JsonNode> events = new ArrayList<>();
        connection.scan(historyStream, "history." + orderId, message -> {
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
        return events;
    }
}
