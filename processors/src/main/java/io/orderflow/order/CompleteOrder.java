package io.orderflow.order;

import java.io.IOException;
import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.InvalidEventException;

/** Turns the outcome of stock and payment into the order's final state: OrderConfirmed or OrderCancelled. */
public class CompleteOrder {

    private final OrderEvents orders;

    public CompleteOrder(OrderEvents orders) {
        this.orders = orders;
    }

    /**
     * The order's end for this outcome, from the order as it was created. Stock and payment each decide once
     * per order, so an order has one outcome; its terminal event is stored once, whatever is redelivered.
     */
    public Event complete(Event outcome) throws IOException {
        Event created = orders.created(outcome.aggregateId()).orElseThrow(() -> new InvalidEventException(outcome.type() + " "
                + outcome.id() + " is for order " + outcome.aggregateId() + ", which does not exist"));
        String reason = switch (outcome.eventType()) {
            case PAYMENT_AUTHORIZED -> null;
            case PAYMENT_DECLINED -> "payment declined: " + outcome.text("reason");
            case INVENTORY_REJECTED -> "out of stock: " + outcome.text("reason");
            default -> throw new InvalidEventException("The order flow does not handle " + outcome.type());
        };
        Map<String, Object> data = OrderSummary.of(created).eventData();
        if (reason != null) {
            data.put("reason", reason);
        }
        return outcome.causes(reason == null ? EventType.ORDER_CONFIRMED : EventType.ORDER_CANCELLED, data);
    }
}
