package io.orderflow.audit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.OrderedConsumerConfiguration;
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

    public List<JsonNode> events(String orderId) throws IOException, JetStreamApiException, InterruptedException {
        Identifiers.require(orderId, "order id");
        OrderedConsumerContext reader = connection.jetStream().getStreamContext(historyStream)
                .createOrderedConsumer(new OrderedConsumerConfiguration().filterSubject("history." + orderId));
        List<JsonNode> events = new ArrayList<>();
        while (true) {
            int before = events.size();
            try (FetchConsumer batch = reader.fetch(io.nats.client.FetchConsumeOptions.builder()
                    .maxMessages(256).noWait().build())) {
                Message message;
                while ((message = batch.nextMessage()) != null) {
                    events.add(Json.MAPPER.readTree(message.getData()));
                }
            } catch (Exception e) {
                throw new IOException("Reading the history of order " + orderId + " failed: " + e.getMessage(), e);
            }
            if (events.size() == before) {
                break;
            }
        }
        if (events.isEmpty()) {
            throw RejectedRequestException.notFound("Order " + orderId + " has no events");
        }
        return events;
    }
}
