package io.orderflow.order;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.InvalidEventException;
import io.orderflow.nats.KeyValueBucket;
import io.orderflow.payment.ChargeDecision;

/** Turns the outcome of stock and payment into the order's final state: OrderConfirmed or OrderCancelled. */
public class CompleteOrder {

    private final OrderEvents orders;
    private final KeyValueBucket chargeDecisions;

    public CompleteOrder(OrderEvents orders, KeyValueBucket chargeDecisions) {
        this.orders = orders;
        this.chargeDecisions = chargeDecisions;
    }

    /**
     * The order's end for this outcome, from the order as it was created. Stock and payment each decide once
     * per order, so an order has one outcome; its terminal event is stored once, whatever is redelivered.
     */
    public Event complete(Event outcome) throws IOException {
        Event created = orders.created(outcome.aggregateId()).orElseThrow(() -> RecordedOrder.doesNotExist(outcome));
        String reason = switch (outcome.eventType()) {
            case PAYMENT_AUTHORIZED -> {
                requireGatewayDecision(outcome, true);
                yield null;
            }
            case PAYMENT_DECLINED -> {
                requireGatewayDecision(outcome, false);
                yield "payment declined: " + outcome.text("reason");
            }
            case INVENTORY_REJECTED -> "out of stock: " + outcome.text("reason");
            default -> throw new InvalidEventException("The order flow does not handle " + outcome.type());
        };
        Map<String, Object> data = OrderSummary.of(created).eventData();
        if (reason != null) {
            data.put("reason", reason);
        }
        return outcome.causes(reason == null ? EventType.ORDER_CONFIRMED : EventType.ORDER_CANCELLED, data);
    }

    /**
     * A payment outcome is believed only when the payment flow recorded the gateway's decision for the order
     * and it says the same: a PaymentAuthorized that anyone published would otherwise confirm an unpaid order.
     * No record yet is not a refusal: a replica of the bucket may not have the payment flow's write yet, so the
     * event is tried again later; a record that says otherwise is.
     */
    private void requireGatewayDecision(Event outcome, boolean approved) throws IOException {
        ChargeDecision decision = chargeDecisions.getJson(outcome.aggregateId(), ChargeDecision.class)
                .orElseThrow(() -> new IOException(outcome.type() + " " + outcome.id() + " for order " + outcome.aggregateId()
                        + ": no gateway decision is recorded yet"));
        if (decision.approved() != approved || approved && !Objects.equals(decision.chargeId(), outcome.text("charge_id"))) {
            throw new InvalidEventException(outcome.type() + " " + outcome.id() + " for order " + outcome.aggregateId()
                    + " is not what the payment gateway decided: " + decision);
        }
    }
}
