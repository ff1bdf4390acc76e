package io.orderflow.order;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.orderflow.http.Identifiers;
import io.orderflow.http.RejectedRequestException;

/** What GET /orders/{id} answers. */
public class OrderQueries {

    private final OrderEvents orders;

    public OrderQueries(OrderEvents orders) {
        this.orders = orders;
    }

    /** The order as {@code caller} may see it: its own orders only, unless an operator (no caller: authentication off). */
    public Map<String, Object> order(String orderId, String caller, Boolean operator) throws IOException {
        Order order = visible(orderId, caller, operator);
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("order_id", order.orderId());
        view.put("customer_id", order.customerId());
        view.put("status", order.status().name());
        view.put("amount", order.amount());
        view.put("currency", order.currency());
        view.put("reason", order.reason());
        view.put("items", order.items());
        return view;
    }

    /** Refuses, as if it did not exist, an order that {@code caller} did not place. */
    public void requireVisible(String orderId, String caller, Boolean operator) throws IOException {
        visible(orderId, caller, operator);
    }

    private Order visible(String orderId, String caller, Boolean operator) throws IOException {
        Identifiers.require(orderId, "order id");
        Order order = orders.find(orderId).orElse(null);
        // another caller's order answers as a missing one does: its existence is not this caller's to know
        if (order == null || caller != null && !Boolean.TRUE.equals(operator) && !caller.equals(order.placedBy())) {
            throw RejectedRequestException.notFound("Order " + orderId + " not found");
        }
        return order;
    }
}
