package io.orderflow.order;

import java.io.IOException;

import io.orderflow.event.Event;
import io.orderflow.event.InvalidEventException;

/**
 * Checks an event against the order it is about, as the order was placed: an event is a claim, and whoever can
 * publish on NATS can make one. Who pays, how much and in which currency come from the OrderCreated, never
 * from a later event; an event that says otherwise is refused (and dead-lettered) before anything is charged
 * or sent.
 */
public class RecordedOrder {

    private final OrderEvents orders;

    public RecordedOrder(OrderEvents orders) {
        this.orders = orders;
    }

    /** The event, when it agrees with its order: the order exists and the event repeats its summary. */
    public Event verify(Event event) throws IOException {
        Event created = orders.created(event.aggregateId()).orElseThrow(() -> new InvalidEventException(event.type() + " "
                + event.id() + " is for order " + event.aggregateId() + ", which does not exist"));
        OrderSummary claimed = OrderSummary.of(event);
        OrderSummary placed = OrderSummary.of(created);
        if (!claimed.equals(placed)) {
            throw new InvalidEventException(event.type() + " " + event.id() + " says " + describe(claimed) + ", but order "
                    + placed.orderId() + " was placed by " + describe(placed));
        }
        return event;
    }

    /** The event, when it agrees with its order and the order still waits for its outcome. */
    public Event verifyPending(Event event) throws IOException {
        verify(event);
        OrderStatus status = orders.find(event.aggregateId()).map(Order::status).orElseThrow();
        if (status != OrderStatus.PENDING) {
            throw new InvalidEventException(event.type() + " " + event.id() + " is for order " + event.aggregateId()
                    + ", which is " + status + " already");
        }
        return event;
    }

    private static String describe(OrderSummary summary) {
        return "customer " + summary.customerId() + " for " + summary.amount() + " " + summary.currency();
    }
}
