package io.orderflow.inventory;

/** Another delivery of the same order's event holds the reservation: a technical wait, retried later. */
public class ReservationBusyException extends java.io.IOException {

    public ReservationBusyException(String orderId) {
        super("Order " + orderId + " is being worked on by another delivery; retrying later");
    }
}
