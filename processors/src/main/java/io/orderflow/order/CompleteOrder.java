package io.orderflow.order;

import java.io.IOException;
import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.InvalidEventException;

/** Turns the outcome of stock and payment into the order's final state: OrderConfirmed or OrderCancelled. */
public class CompleteOrder {

    private final OrderStore orders;

    public CompleteOrder(OrderStore orders) {
        this.orders = orders;
    }

    public Event complete(Event outcome) throws IOException {
        Order order = switch (outcome.eventType()) {
            case PAYMENT_AUTHORIZED -> record(outcome, OrderStatus.CONFIRMED, null);
            case PAYMENT_DECLINED -> record(outcome, OrderStatus.CANCELLED, "payment declined: " + outcome.text("reason"));
            case INVENTORY_REJECTED -> record(outcome, OrderStatus.CANCELLED, "out of stock: " + outcome.text("reason"));
            default -> throw new InvalidEventException("The order flow does not handle " + outcome.type());
        };
        Map<String, Object> data = OrderSummary.of(order).eventData();
        if (order.reason() != null) {
            data.put("reason", order.reason());
        }
        EventType result = order.status() == OrderStatus.CONFIRMED ? EventType.ORDER_CONFIRMED : EventType.ORDER_CANCELLED;
        return outcome.causes(result, data);
    }

    private Order record(Event outcome, OrderStatus status, String reason) throws IOException {
        return orders.complete(outcome.aggregateId(), status, reason)
                .orElseThrow(() -> new InvalidEventException(outcome.type() + " " + outcome.id()
                        + " is for order " + outcome.aggregateId() + ", which does not exist"));
    }
}
