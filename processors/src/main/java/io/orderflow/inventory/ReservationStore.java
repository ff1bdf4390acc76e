package io.orderflow.inventory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.orderflow.nats.KeyValueBucket.Versioned;
import io.orderflow.nats.KeyValueBucket;
import io.orderflow.order.OrderLine;

/**
 * Reservations by order id, in a JetStream KV bucket, claimed while they change. A claim names this
 * process; this process carries on its own claims at once when no delivery of it still works on the
 * order (the earlier one failed), and another process's only when their lease ran out (it crashed).
 */
public class ReservationStore {

    private static final String THIS_PROCESS = UUID.randomUUID().toString();

    private final KeyValueBucket bucket;
    private final Clock clock;
    private final String process;
    private final Set<String> working = ConcurrentHashMap.newKeySet();
    private Duration lease = Duration.ofSeconds(30);

    public ReservationStore(KeyValueBucket bucket) {
        this(bucket, Clock.systemUTC(), THIS_PROCESS);
    }

    ReservationStore(KeyValueBucket bucket, Clock clock, String process) {
        this.bucket = bucket;
        this.clock = clock;
        this.process = process;
    }

    /** At least the consumers' ack wait: a delivery still alive is never taken over. */
    public void setLease(Duration lease) {
        this.lease = lease;
    }

    public Optional<Reservation> find(String orderId) throws IOException {
        return bucket.getJson(orderId, Reservation.class);
    }

    /**
     * Claims the order to reserve its lines. Answers the claim, or the finished record when the order was
     * decided already; throws {@link ReservationBusyException} while another delivery holds it. Every
     * successful claim must be followed by {@link #release}.
     */
    public Versioned<Reservation> claimReservation(String orderId, List<OrderLine> lines) throws IOException {
        enter(orderId);
        try {
            Reservation reserving = new Reservation(Reservation.Status.RESERVING, lines, null, process, leaseEnd());
            Optional<Versioned<Reservation>> created = bucket.createVersioned(orderId, reserving);
            return created.isPresent() ? created.get() : takeOverOrAnswer(orderId, Reservation.Status.RESERVING);
        } catch (IOException | RuntimeException e) {
            working.remove(orderId);
            throw e;
        }
    }

    /** Claims a RESERVED order to give its stock back; empty when the order never reserved anything. */
    public Optional<Versioned<Reservation>> claimRelease(String orderId) throws IOException {
        enter(orderId);
        try {
            Optional<Versioned<Reservation>> current = bucket.getVersioned(orderId, Reservation.class);
            if (current.isEmpty()) {
                working.remove(orderId);
                return Optional.empty();
            }
            if (current.get().value().status() == Reservation.Status.RESERVED) {
                return Optional.of(bucket.replaceJson(orderId, current.get(),
                                current.get().value().held(Reservation.Status.RELEASING, process, leaseEnd()))
                        .orElseThrow(() -> new ReservationBusyException(orderId)));
            }
            return Optional.of(takeOverOrAnswer(orderId, Reservation.Status.RELEASING));
        } catch (IOException | RuntimeException e) {
            working.remove(orderId);
            throw e;
        }
    }

    /** This delivery is done with the order, whatever the outcome. */
    public void release(String orderId) {
        working.remove(orderId);
    }

    private void enter(String orderId) throws ReservationBusyException {
        if (!working.add(orderId)) {
            throw new ReservationBusyException(orderId);
        }
    }

    private Versioned<Reservation> takeOverOrAnswer(String orderId, Reservation.Status claimedStatus) throws IOException {
        Versioned<Reservation> current = bucket.getVersioned(orderId, Reservation.class)
                .orElseThrow(() -> new ReservationBusyException(orderId));
        Reservation reservation = current.value();
        if (!reservation.inProgress()) {
            return current;
        }
        boolean ours = process.equals(reservation.heldBy());
        if (reservation.status() != claimedStatus || !(ours || reservation.leaseExpired(clock.millis()))) {
            throw new ReservationBusyException(orderId);
        }
        return bucket.replaceJson(orderId, current, reservation.held(claimedStatus, process, leaseEnd()))
                .orElseThrow(() -> new ReservationBusyException(orderId));
    }

    /** Records the outcome of a claim; throws when the claim was lost to a takeover meanwhile. */
    public void finish(String orderId, Versioned<Reservation> claim, Reservation outcome) throws IOException {
        if (bucket.replaceJson(orderId, claim, outcome).isEmpty()) {
            throw new ReservationBusyException(orderId);
        }
    }

    private long leaseEnd() {
        return clock.millis() + lease.toMillis();
    }
}
