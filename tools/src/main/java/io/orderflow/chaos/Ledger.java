package io.orderflow.chaos;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Message;
import io.orderflow.deadletter.DeadLetterHeaders;
import io.orderflow.event.Json;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * What happened to every order, read from JetStream itself (not from Orderflow's API): each order's
 * events, the dead letters, and from them what was confirmed, cancelled, still pending, lost or doubled.
 */
final class Ledger {

    final Map<String, Integer> created = new HashMap<>();
    final Map<String, Integer> confirmed = new HashMap<>();
    final Map<String, Integer> cancelled = new HashMap<>();
    final Map<String, Integer> authorized = new HashMap<>();
    final Map<String, Integer> soldBySku = new HashMap<>();
    final Map<String, Integer> cancelReasons = new TreeMap<>();
    final Map<String, Integer> deadLettersByFlow = new TreeMap<>();
    /** How many messages each event subject holds: every one names one step of one order, so 1 each. */
    final Map<String, Integer> bySubject = new HashMap<>();

    static Ledger read(JetStreamConnection connection) throws IOException {
        Ledger ledger = new Ledger();
        connection.scan("ORDERS", null, message -> ledger.order(message));
        connection.scan("PAYMENTS", "payments.authorized.>", message -> {
            ledger.authorized.merge(orderId(message), 1, Integer::sum);
            return true;
        });
        for (String stream : new String[] {"INVENTORY", "PAYMENTS", "NOTIFICATIONS"}) {
            connection.scan(stream, null, message -> {
                ledger.bySubject.merge(message.getSubject(), 1, Integer::sum);
                return true;
            });
        }
        connection.scan("DLQ", null, message -> {
            String flow = message.getHeaders() == null ? null : message.getHeaders().getFirst(DeadLetterHeaders.FLOW);
            ledger.deadLettersByFlow.merge(flow == null ? "?" : flow, 1, Integer::sum);
            return true;
        });
        return ledger;
    }

    private boolean order(Message message) {
        String subject = message.getSubject();
        bySubject.merge(subject, 1, Integer::sum);
        String orderId = orderId(message);
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(message.getData());
        } catch (IOException notAnEvent) {
            return true;
        }
        if (subject.startsWith("orders.created.")) {
            created.merge(orderId, 1, Integer::sum);
            itemsByOrder.put(orderId, event.path("data").path("items"));
        } else if (subject.startsWith("orders.confirmed.")) {
            if (confirmed.merge(orderId, 1, Integer::sum) == 1) {
                countSold(orderId);
            }
        } else if (subject.startsWith("orders.cancelled.")) {
            if (cancelled.merge(orderId, 1, Integer::sum) == 1) {
                String reason = event.path("data").path("reason").asText("?");
                cancelReasons.merge(reason.contains(":") ? reason.substring(0, reason.indexOf(':')) : reason, 1, Integer::sum);
            }
        }
        return true;
    }

    /** Each order's lines, from its OrderCreated, which the stream holds before the order's outcome. */
    private final Map<String, JsonNode> itemsByOrder = new HashMap<>();

    private void countSold(String orderId) {
        for (JsonNode item : itemsByOrder.getOrDefault(orderId, Json.MAPPER.createArrayNode())) {
            soldBySku.merge(item.path("sku").asText(), item.path("quantity").asInt(), Integer::sum);
        }
    }

    private static String orderId(Message message) {
        String subject = message.getSubject();
        return subject.substring(subject.lastIndexOf('.') + 1);
    }
}
