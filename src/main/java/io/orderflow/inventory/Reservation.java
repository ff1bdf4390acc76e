package io.orderflow.inventory;

import java.util.List;

import io.orderflow.order.OrderLine;

/** What the inventory flow decided for one order; kept so that a redelivered event gets the same answer. */
public record Reservation(Status status, List<OrderLine> lines, String reason) {

    public enum Status { RESERVED, REJECTED, RELEASED }

    public Reservation released() {
        return new Reservation(Status.RELEASED, lines, reason);
    }
}
