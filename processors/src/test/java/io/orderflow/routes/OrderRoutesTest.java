package io.orderflow.routes;

import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.order.OrderEvents;
import io.orderflow.order.OrderStatus;
import io.orderflow.payment.ChargeDecision;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** routes/orders.camel.yaml: an order's end, from the outcome of stock and payment. */
class OrderRoutesTest extends FlowRouteTestSupport {

    @Override
    protected String flow() {
        return "orders";
    }

    @Test
    void anAuthorisedPaymentConfirmsThePendingOrderWithItsRecordedAmount() throws Exception {
        Event created = placeOrder("o-paid");
        recordChargeDecision("o-paid", new ChargeDecision(true, "ch-1", null));
        publish(created.causes(EventType.PAYMENT_AUTHORIZED, summary("o-paid", Map.of("charge_id", "ch-1"))));
        Event confirmed = awaitPublishedOnce(EventType.ORDER_CONFIRMED);
        awaitSettled("orders-payment-outcome");
        assertEquals("10.00", confirmed.text("amount"));
        assertEquals(OrderStatus.PENDING, orders().find("o-paid").orElseThrow().status(),
                "the order ends when its OrderConfirmed is stored, which the mock did not do");
    }

    @Test
    void missingStockCancelsTheOrderWithTheReason() throws Exception {
        Event created = placeOrder("o-short");
        publish(created.causes(EventType.INVENTORY_REJECTED, summary("o-short", Map.of("reason", "SKU-1: requested 2, available 1"))));
        Event cancelled = awaitPublishedOnce(EventType.ORDER_CANCELLED);
        assertEquals("out of stock: SKU-1: requested 2, available 1", cancelled.text("reason"));
    }

    @Test
    void anOutcomeForAnOrderThatDoesNotExistIsDeadLettered() throws Exception {
        Event stray = Event.first(EventType.ORDER_CREATED, "o-unknown", Map.of())
                .causes(EventType.PAYMENT_AUTHORIZED, summary("o-unknown", Map.of("charge_id", "ch-9")));
        publish(stray);
        Exchange dead = awaitDeadLetters(1).get(0);
        awaitSettled("orders-payment-outcome");
        assertEquals("order-payment-outcome", dead.getIn().getHeader("Orderflow-Dead-Letter-Flow"));
        assertTrue(dead.getIn().getHeader("Orderflow-Dead-Letter-Reason", String.class).contains("does not exist"));
        assertEquals(0, published().getReceivedCounter());
    }

    private static Map<String, Object> summary(String orderId, Map<String, Object> extra) {
        Map<String, Object> data = new java.util.LinkedHashMap<>(Map.of("order_id", orderId, "customer_id", "c-1",
                "amount", "10.00", "currency", "EUR"));
        data.putAll(extra);
        return data;
    }

    private OrderEvents orders() {
        return context.getRegistry().lookupByNameAndType("orderEvents", OrderEvents.class);
    }
}
