package io.orderflow.order;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An order as a request asks for it and as its events tell it. Amounts are decimal strings. {@code placedBy} is the
 * authenticated HTTP caller that placed it (none when HTTP authentication is off).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Order(
        @JsonProperty("order_id") String orderId,
        @JsonProperty("customer_id") String customerId,
        OrderStatus status,
        String amount,
        String currency,
        String reason,
        List<OrderLine> items,
        @JsonProperty("request_fingerprint") String requestFingerprint,
        @JsonProperty("placed_by") String placedBy) {

    /** By order id alone (equal orders have equal ids): Camel hashes the body per OGNL call such as ${body.orderId}. */
    @Override
    public int hashCode() {
        return orderId == null ? 0 : orderId.hashCode();
    }

    public Order complete(OrderStatus outcome, String why) {
        return new Order(orderId, customerId, outcome, amount, currency, why, items, requestFingerprint, placedBy);
    }
}
