package io.orderflow.inventory;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.orderflow.order.OrderLine;

/**
 * What the inventory flow decided for one order. While it works on the order the record says RESERVING
 * or RELEASING, with a lease: a second delivery of the same event waits until the lease runs out, so only
 * one delivery at a time changes this order's stock, and one that crashed is taken over.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Reservation(Status status, List<OrderLine> lines, String reason,
                          @JsonProperty("lease_until") Long leaseUntil) {

    public enum Status { RESERVING, RESERVED, REJECTED, RELEASING, RELEASED }

    boolean inProgress() {
        return status == Status.RESERVING || status == Status.RELEASING;
    }

    boolean leaseExpired(long now) {
        return leaseUntil == null || leaseUntil < now;
    }

    Reservation with(Status newStatus, Long newLeaseUntil) {
        return new Reservation(newStatus, lines, reason, newLeaseUntil);
    }
}
