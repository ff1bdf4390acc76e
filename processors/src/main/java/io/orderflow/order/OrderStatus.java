package io.orderflow.order;

public enum OrderStatus {
    PENDING, CONFIRMED, CANCELLED;

    public boolean isTerminal() {
        return this != PENDING;
    }
}
