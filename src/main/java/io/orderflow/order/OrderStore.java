package io.orderflow.order;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.orderflow.event.Json;
import io.orderflow.jetstream.KeyValueBucket;

/** Orders by id, in a JetStream KV bucket shared by every replica. */
public class OrderStore {

    private final KeyValueBucket bucket;

    public OrderStore(KeyValueBucket bucket) {
        this.bucket = bucket;
    }

    /** Records the order unless one with its id exists; returns whichever is recorded. */
    public Order createOrGet(Order order) throws IOException {
        if (bucket.create(order.orderId(), Json.MAPPER.writeValueAsBytes(order))) {
            return order;
        }
        return find(order.orderId()).orElseThrow(() -> new IOException("Order " + order.orderId() + " vanished"));
    }

    public Optional<Order> find(String orderId) throws IOException {
        Optional<byte[]> value = bucket.get(orderId);
        return value.isEmpty() ? Optional.empty() : Optional.of(Json.MAPPER.readValue(value.get(), Order.class));
    }

    /** Moves a PENDING order to its outcome; an order already terminal keeps the outcome it has. */
    public Optional<Order> complete(String orderId, OrderStatus outcome, String reason) throws IOException {
        Optional<byte[]> stored = bucket.update(orderId, current -> {
            Order order = read(current);
            return order.status().isTerminal() ? null : write(order.complete(outcome, reason));
        });
        return stored.map(OrderStore::read);
    }

    private static Order read(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, Order.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(Order order) {
        try {
            return Json.MAPPER.writeValueAsBytes(order);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
