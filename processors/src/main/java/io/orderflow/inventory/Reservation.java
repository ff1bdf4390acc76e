package io.orderflow.inventory;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.orderflow.order.OrderLine;

/**
 * What the inventory flow decided for one order. While a delivery works on the order the record says
 * RESERVING or RELEASING, with the process that holds it and a lease: another delivery of the same event
 * waits until the holder is done, so only one at a time changes this order's stock, and the work of one
 * that failed or crashed is carried on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reservation(Status status, List<OrderLine> lines, String reason,
                          @JsonProperty("held_by") String heldBy,
                          @JsonProperty("lease_until") Long leaseUntil) {

    public enum Status { RESERVING, RESERVED, REJECTED, RELEASING, RELEASED }

    boolean inProgress() {
        return status == Status.RESERVING || status == Status.RELEASING;
    }

    boolean leaseExpired(long now) {
        return leaseUntil == null || leaseUntil < now;
    }

    Reservation held(Status newStatus, String holder, long newLeaseUntil) {
        return new Reservation(newStatus, lines, reason, holder, newLeaseUntil);
    }

    Reservation done(Status newStatus) {
        return new Reservation(newStatus, lines, reason, null, null);
    }
}
