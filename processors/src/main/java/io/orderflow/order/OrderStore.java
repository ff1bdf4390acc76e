package io.orderflow.order;

import java.io.IOException;
import java.util.Optional;

import io.orderflow.nats.KeyValueBucket;

/** Orders by id, in a JetStream KV bucket shared by every replica. */
public class OrderStore {

    private final KeyValueBucket bucket;

    public OrderStore(KeyValueBucket bucket) {
        this.bucket = bucket;
    }

    /** Records the order unless one with its id exists; returns whichever is recorded. */
    public Order createOrGet(Order order) throws IOException {
        if (bucket.createJson(order.orderId(), order)) {
            return order;
        }
        return find(order.orderId()).orElseThrow(() -> new IOException("Order " + order.orderId() + " vanished"));
    }

    public Optional<Order> find(String orderId) throws IOException {
        return bucket.getJson(orderId, Order.class);
    }

    /** Moves a PENDING order to its outcome; an order already terminal keeps the outcome it has. */
    public Optional<Order> complete(String orderId, OrderStatus outcome, String reason) throws IOException {
        return bucket.updateJson(orderId, Order.class,
                order -> order.status().isTerminal() ? null : order.complete(outcome, reason));
    }
}
