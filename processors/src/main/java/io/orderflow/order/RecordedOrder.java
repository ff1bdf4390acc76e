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
        Event created = orders.created(event.aggregateId()).orElseThrow(() -> doesNotExist(event));
        requireSameSummary(event, OrderSummary.of(created));
        return event;
    }

    /**
     * The event, when its order is not cancelled: a cancelled order is never charged. (A confirmation is no reason
     * to refuse: only a charge confirms an order, and the recorded gateway decision keeps it to one; refusing would
     * let a forged OrderConfirmed stop the real charge.) Checks the status only: {@link #verify} checks the rest.
     */
    public Event requireNotCancelled(Event event) throws IOException {
        if (orders.cancelled(event.aggregateId()).isPresent()) {
            throw new InvalidEventException(event.type() + " " + event.id() + " is for order " + event.aggregateId()
                    + ", which is CANCELLED already");
        }
        return event;
    }

    private static void requireSameSummary(Event event, OrderSummary placed) {
        OrderSummary claimed = OrderSummary.of(event);
        if (!claimed.equals(placed)) {
            throw new InvalidEventException(event.type() + " " + event.id() + " says " + describe(claimed) + ", but order "
                    + placed.orderId() + " was placed by " + describe(placed));
        }
    }

    static InvalidEventException doesNotExist(Event event) {
        return new InvalidEventException(event.type() + " " + event.id() + " is for order " + event.aggregateId()
                + ", which does not exist");
    }

    private static String describe(OrderSummary summary) {
        return "customer " + summary.customerId() + " for " + summary.amount() + " " + summary.currency();
    }
}
