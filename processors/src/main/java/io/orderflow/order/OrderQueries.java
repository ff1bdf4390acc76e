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

    public Map<String, Object> order(String orderId) throws IOException {
        Identifiers.require(orderId, "order id");
        Order order = orders.find(orderId).orElseThrow(() -> RejectedRequestException.notFound("Order " + orderId + " not found"));
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
}
