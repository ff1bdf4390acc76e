package io.orderflow.inventory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.orderflow.jetstream.KeyValueBucket;
import io.orderflow.jetstream.KeyValueBucket.Versioned;
import io.orderflow.order.OrderLine;

/** Reservations by order id, in a JetStream KV bucket, claimed with a lease while they change. */
public class ReservationStore {

    /** Longer than any delivery that is still alive: the consumer keeps slow ones alive far below this. */
    static final Duration LEASE = Duration.ofMinutes(2);

    private final KeyValueBucket bucket;
    private final Clock clock;

    public ReservationStore(KeyValueBucket bucket) {
        this(bucket, Clock.systemUTC());
    }

    ReservationStore(KeyValueBucket bucket, Clock clock) {
        this.bucket = bucket;
        this.clock = clock;
    }

    public Optional<Reservation> find(String orderId) throws IOException {
        return bucket.getJson(orderId, Reservation.class);
    }

    /**
     * Claims the order to reserve its lines. Answers the claim, or the finished record when the order was
     * decided already; throws {@link ReservationBusyException} while another delivery holds it.
     */
    public Versioned<Reservation> claimReservation(String orderId, List<OrderLine> lines) throws IOException {
        Reservation reserving = new Reservation(Reservation.Status.RESERVING, lines, null, leaseEnd());
        Optional<Versioned<Reservation>> created = bucket.createVersioned(orderId, reserving);
        if (created.isPresent()) {
            return created.get();
        }
        return takeOverOrAnswer(orderId, Reservation.Status.RESERVING);
    }

    /** Claims a RESERVED order to release it; empty when the order never reserved anything. */
    public Optional<Versioned<Reservation>> claimRelease(String orderId) throws IOException {
        Optional<Versioned<Reservation>> current = bucket.getVersioned(orderId, Reservation.class);
        if (current.isEmpty()) {
            return Optional.empty();
        }
        if (current.get().value().status() == Reservation.Status.RESERVED) {
            Optional<Versioned<Reservation>> claimed = bucket.replaceJson(orderId, current.get(),
                    current.get().value().with(Reservation.Status.RELEASING, leaseEnd()));
            if (claimed.isEmpty()) {
                throw new ReservationBusyException(orderId);
            }
            return claimed;
        }
        return Optional.of(takeOverOrAnswer(orderId, Reservation.Status.RELEASING));
    }

    private Versioned<Reservation> takeOverOrAnswer(String orderId, Reservation.Status claimedStatus) throws IOException {
        Versioned<Reservation> current = bucket.getVersioned(orderId, Reservation.class)
                .orElseThrow(() -> new ReservationBusyException(orderId));
        Reservation reservation = current.value();
        if (!reservation.inProgress()) {
            return current;
        }
        if (reservation.status() != claimedStatus || !reservation.leaseExpired(clock.millis())) {
            throw new ReservationBusyException(orderId);
        }
        // the delivery that held it is gone (crashed, or stalled past the lease): carry on its work
        return bucket.replaceJson(orderId, current, reservation.with(claimedStatus, leaseEnd()))
                .orElseThrow(() -> new ReservationBusyException(orderId));
    }

    /** Records the outcome of a claim; throws when the claim was lost to a takeover meanwhile. */
    public void finish(String orderId, Versioned<Reservation> claim, Reservation outcome) throws IOException {
        if (bucket.replaceJson(orderId, claim, outcome).isEmpty()) {
            throw new ReservationBusyException(orderId);
        }
    }

    private long leaseEnd() {
        return clock.millis() + LEASE.toMillis();
    }
}
