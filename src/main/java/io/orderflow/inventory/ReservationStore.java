package io.orderflow.inventory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.orderflow.jetstream.KeyValueBucket;

/** Reservations by order id, in a JetStream KV bucket. */
public class ReservationStore {

    private final KeyValueBucket bucket;

    public ReservationStore(KeyValueBucket bucket) {
        this.bucket = bucket;
    }

    public Optional<Reservation> find(String orderId) throws IOException {
        return bucket.getJson(orderId, Reservation.class);
    }

    /** Records the decision unless another one is recorded already; false then. */
    public boolean create(String orderId, Reservation reservation) throws IOException {
        return bucket.createJson(orderId, reservation);
    }

    /** Marks a RESERVED reservation RELEASED; true only for the caller that made that change. */
    public boolean release(String orderId) throws IOException {
        AtomicBoolean released = new AtomicBoolean();
        bucket.updateJson(orderId, Reservation.class, reservation -> {
            released.set(reservation.status() == Reservation.Status.RESERVED);
            return released.get() ? reservation.released() : null;
        });
        return released.get();
    }
}
