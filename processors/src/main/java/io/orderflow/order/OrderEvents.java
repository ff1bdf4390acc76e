package io.orderflow.order;

import java.io.IOException;
import java.util.List;
import java.util.Optional;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.InvalidEventException;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * An order as its events tell it: its OrderCreated, then an OrderConfirmed or OrderCancelled, each read
 * from the orders stream by its subject. The events are the record; nothing is kept beside them.
 */
public class OrderEvents {

    /** JetStream's "no message found". */
    private static final int NO_MESSAGE = 10037;

    private final JetStreamConnection connection;
    private final String stream;

    public OrderEvents(JetStreamConnection connection, String stream) {
        this.connection = connection;
        this.stream = stream;
    }

    /** The order's OrderCreated, or empty when no order has that id. */
    public Optional<Event> created(String orderId) throws IOException {
        return stored(EventType.ORDER_CREATED, orderId);
    }

    /** The order's OrderCancelled, or empty while it is not cancelled. */
    public Optional<Event> cancelled(String orderId) throws IOException {
        return stored(EventType.ORDER_CANCELLED, orderId);
    }

    /** The order with its status now: PENDING until it is confirmed or cancelled. */
    public Optional<Order> find(String orderId) throws IOException {
        Optional<Event> created = created(orderId);
        if (created.isEmpty()) {
            return Optional.empty();
        }
        Order order = pending(created.get());
        if (stored(EventType.ORDER_CONFIRMED, orderId).isPresent()) {
            return Optional.of(order.complete(OrderStatus.CONFIRMED, null));
        }
        Optional<Event> cancelled = cancelled(orderId);
        return Optional.of(cancelled.isPresent() ? order.complete(OrderStatus.CANCELLED, cancelled.get().text("reason")) : order);
    }

    private static Order pending(Event created) {
        OrderSummary summary = OrderSummary.of(created);
        CreatedData data = created.dataAs(CreatedData.class);
        return new Order(summary.orderId(), summary.customerId(), OrderStatus.PENDING, summary.amount(), summary.currency(),
                null, data.items(), data.requestFingerprint(), data.placedBy());
    }

    private Optional<Event> stored(EventType type, String orderId) throws IOException {
        try {
            // an order is placed once: its OrderCreated is the first on its subject (published on condition that the
            // subject is empty), whatever anyone publishes there later
            MessageInfo message = type == EventType.ORDER_CREATED
                    ? connection.management().getFirstMessage(stream, type.subject(orderId))
                    : connection.management().getLastMessage(stream, type.subject(orderId));
            return Optional.of(Event.parse(message.getData()));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == NO_MESSAGE) {
                return Optional.empty();
            }
            throw new IOException("Reading " + type.subject(orderId) + " from " + stream + " failed: " + e.getMessage(), e);
        } catch (InvalidEventException e) {
            // no cause: Camel matches onException by causes too, and this is no reason to dead-letter the event
            // being handled, but a reason to try it again later
            throw new IOException("The stored " + type.typeName() + " of order " + orderId + " is unreadable: " + e.getMessage());
        } catch (IOException e) {
            throw connection.checkTimeout(e);
        }
    }

    record CreatedData(List<OrderLine> items,
                       @com.fasterxml.jackson.annotation.JsonProperty("request_fingerprint") String requestFingerprint,
                       @com.fasterxml.jackson.annotation.JsonProperty("placed_by") String placedBy) {
    }
}
