package io.orderflow.order;

public enum OrderStatus {
    PENDING, CONFIRMED, CANCELLED
}
