package io.orderflow.inventory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.orderflow.event.Json;
import io.orderflow.jetstream.KeyValueBucket;

/** Reservations by order id, in a JetStream KV bucket. */
public class ReservationStore {

    private final KeyValueBucket bucket;

    public ReservationStore(KeyValueBucket bucket) {
        this.bucket = bucket;
    }

    public Optional<Reservation> find(String orderId) throws IOException {
        Optional<byte[]> value = bucket.get(orderId);
        return value.isEmpty() ? Optional.empty() : Optional.of(read(value.get()));
    }

    /** Records the decision unless another one is recorded already; false then. */
    public boolean create(String orderId, Reservation reservation) throws IOException {
        return bucket.create(orderId, Json.MAPPER.writeValueAsBytes(reservation));
    }

    /** Marks a RESERVED reservation RELEASED; true only for the caller that made that change. */
    public boolean release(String orderId) throws IOException {
        boolean[] changed = new boolean[1];
        bucket.update(orderId, current -> {
            Reservation reservation = read(current);
            changed[0] = reservation.status() == Reservation.Status.RESERVED;
            return changed[0] ? write(reservation.released()) : null;
        });
        return changed[0];
    }

    private static Reservation read(byte[] json) {
        try {
            return Json.MAPPER.readValue(json, Reservation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] write(Reservation reservation) {
        try {
            return Json.MAPPER.writeValueAsBytes(reservation);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
