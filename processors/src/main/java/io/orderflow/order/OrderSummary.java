package io.orderflow.order;

import java.util.LinkedHashMap;
import java.util.Map;

import io.orderflow.event.Event;

/**
 * Who ordered and what it costs: what every order event carries, and what the payment gateway is asked
 * to charge. Each step adds its own fields (items, reason, charge id) to {@link #eventData()}.
 */
public record OrderSummary(String orderId, String customerId, String amount, String currency) {

    public static OrderSummary of(Order order) {
        return new OrderSummary(order.orderId(), order.customerId(), order.amount(), order.currency());
    }

    /** The summary an order event carries; an {@code InvalidEventException} names a missing field. */
    public static OrderSummary of(Event event) {
        return new OrderSummary(event.aggregateId(), event.text("customer_id"), event.text("amount"), event.text("currency"));
    }

    /** The summary as JSON fields, in a map the caller may extend. */
    public Map<String, Object> eventData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order_id", orderId);
        data.put("customer_id", customerId);
        data.put("amount", amount);
        data.put("currency", currency);
        return data;
    }
}
