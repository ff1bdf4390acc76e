package io.orderflow.order;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.Json;
import io.orderflow.http.Identifiers;
import io.orderflow.http.RejectedRequestException;
import io.orderflow.observability.Tracing;

/**
 * Accepts an order request: validates it and describes it as OrderCreated, whose publication is the order's
 * record: an order exists once its OrderCreated is stored, so no order is known without one. The same
 * Idempotency-Key always names the same order, so a retried request never makes a second one.
 */
public class PlaceOrder {

    static final int MAX_BODY_BYTES = 64 * 1024;
    static final int MAX_LINES = 100;
    static final int MAX_QUANTITY = 10_000;
    static final int MAX_IDEMPOTENCY_KEY = 255;
    /** Digits before the decimal point of a unit price: up to 999,999,999 in the order's currency. */
    static final int MAX_PRICE_DIGITS = 9;
    /** A plain decimal: no sign, no exponent, so that no request can ask for a number with a million digits. */
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("(\\d{1," + MAX_PRICE_DIGITS + "})(\\.(\\d+))?");

    private final OrderEvents orders;
    private BigDecimal maxTotal = new BigDecimal("1000000");

    public PlaceOrder(OrderEvents orders) {
        this.orders = orders;
    }

    /** The largest order total accepted, in units of the order's currency (ORDER_MAX_TOTAL), such as 1000000. */
    public void setMaxTotal(String maxTotal) {
        try {
            this.maxTotal = new BigDecimal(maxTotal);
        } catch (NumberFormatException | NullPointerException notANumber) {
            this.maxTotal = BigDecimal.ZERO;
        }
        if (this.maxTotal.signum() <= 0) {
            throw new IllegalArgumentException("ORDER_MAX_TOTAL (orderflow.orders.max-total) must be a positive number such as"
                    + " 1000000, not '" + maxTotal + "'");
        }
    }

    /**
     * The OrderCreated of a valid request; it carries the request's fingerprint, to know a retry from a new request,
     * and the id of the request's trace when it is traced.
     */
    public Event created(Order order) {
        Map<String, Object> data = OrderSummary.of(order).eventData();
        data.put("items", order.items());
        data.put("request_fingerprint", order.requestFingerprint());
        if (order.placedBy() != null) {
            data.put("placed_by", order.placedBy());
        }
        return Event.first(EventType.ORDER_CREATED, order.orderId(), data, Tracing.currentTraceId());
    }

    public String location(Order order) {
        return "/orders/" + order.orderId();
    }

    /**
     * The answer to the request. When its OrderCreated was already stored (a retry, or another request under
     * the same Idempotency-Key), it answers for the stored order, if that order is the one requested.
     */
    public Acceptance accepted(Order requested, boolean alreadyStored) throws IOException {
        Order order = requested;
        if (alreadyStored) {
            order = orders.find(requested.orderId()).orElseThrow(() -> new IOException("Order " + requested.orderId()
                    + " was stored but cannot be read yet"));
            if (!requested.requestFingerprint().equals(order.requestFingerprint())
                    || !Objects.equals(requested.placedBy(), order.placedBy())) {
                throw new RejectedRequestException(422, "This Idempotency-Key was already used for a different order;"
                        + " use a new key");
            }
        }
        return new Acceptance(order.orderId(), order.status());
    }

    /** What {@code POST /orders} answers. */
    public record Acceptance(@JsonProperty("order_id") String orderId, OrderStatus status) {
    }

    /**
     * The id of the order that requests with this Idempotency-Key place: the same for every retry. Each caller has
     * keys of its own (none: HTTP authentication is off), so one caller's key never names another caller's order.
     */
    public static String orderIdFor(String caller, String idempotencyKey) {
        // the caller's length first: caller "a" with key "b/c" is not caller "a/b" with key "c"
        String key = caller == null ? "order/" + idempotencyKey : "order/" + caller.length() + ":" + caller + "/" + idempotencyKey;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** The order an unauthenticated request asks for (HTTP authentication off). */
    public Order validate(byte[] body, String idempotencyKey) {
        return validate(body, idempotencyKey, null);
    }

    /** The order a request of {@code caller} asks for, or a {@link RejectedRequestException} that says what is wrong with it. */
    public Order validate(byte[] body, String idempotencyKey, String caller) {
        if (body == null || body.length == 0) {
            throw RejectedRequestException.badRequest("Request body is empty: send a JSON order");
        }
        if (body.length > MAX_BODY_BYTES) {
            throw new RejectedRequestException(413, "Request body has " + body.length + " bytes; at most "
                    + MAX_BODY_BYTES + " are accepted");
        }
        if (idempotencyKey != null && (idempotencyKey.isBlank() || idempotencyKey.length() > MAX_IDEMPOTENCY_KEY)) {
            throw RejectedRequestException.badRequest("Idempotency-Key must have 1 to " + MAX_IDEMPOTENCY_KEY + " characters");
        }
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw RejectedRequestException.badRequest("Request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw RejectedRequestException.badRequest("Request body cannot be read: " + e.getMessage());
        }
        if (request == null || !request.isObject()) {
            throw RejectedRequestException.badRequest("Request body must be a JSON object");
        }
        String customerId = Identifiers.require(text(request, "customer_id"), "customer_id");
        Currency currency = currency(text(request, "currency"));
        List<OrderLine> lines = lines(request.get("items"), currency);
        BigDecimal amount = lines.stream().map(OrderLine::total).reduce(BigDecimal.ZERO, BigDecimal::add)
                .setScale(currency.getDefaultFractionDigits());
        if (amount.compareTo(maxTotal) > 0) {
            throw new RejectedRequestException(422, "The order totals " + amount.toPlainString() + " "
                    + currency.getCurrencyCode() + "; at most " + maxTotal.toPlainString() + " is accepted in one order");
        }
        String orderId = idempotencyKey == null ? UUID.randomUUID().toString() : orderIdFor(caller, idempotencyKey);
        String fingerprint = fingerprint(customerId + "|" + currency + "|" + lines);
        return new Order(orderId, customerId, OrderStatus.PENDING, amount.toPlainString(), currency.getCurrencyCode(),
                null, lines, fingerprint, caller);
    }

    private static String text(JsonNode request, String field) {
        JsonNode value = request.get(field);
        if (value == null || value.isNull()) {
            throw RejectedRequestException.badRequest("'" + field + "' is required");
        }
        if (!value.isTextual()) {
            throw RejectedRequestException.badRequest("'" + field + "' must be a string, got " + value);
        }
        return value.asText();
    }

    private static Currency currency(String code) {
        try {
            Currency currency = Currency.getInstance(code);
            if (currency.getDefaultFractionDigits() < 0) {
                throw new IllegalArgumentException(code);
            }
            return currency;
        } catch (IllegalArgumentException e) {
            throw RejectedRequestException.badRequest("'currency' " + code + " is not an ISO 4217 currency code such as EUR");
        }
    }

    private static List<OrderLine> lines(JsonNode items, Currency currency) {
        if (items == null || !items.isArray() || items.isEmpty()) {
            throw RejectedRequestException.badRequest("'items' must be a non-empty array of {sku, quantity, unit_price}");
        }
        if (items.size() > MAX_LINES) {
            throw RejectedRequestException.badRequest("'items' has " + items.size() + " lines; at most " + MAX_LINES);
        }
        List<OrderLine> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String where = "items[" + i + "]";
            if (!item.isObject()) {
                throw RejectedRequestException.badRequest(where + " must be an object");
            }
            String sku = Identifiers.require(text(item, "sku"), where + ".sku");
            JsonNode quantity = item.get("quantity");
            if (quantity == null || !quantity.isIntegralNumber() || !quantity.canConvertToInt()
                    || quantity.asInt() < 1 || quantity.asInt() > MAX_QUANTITY) {
                throw RejectedRequestException.badRequest(where + ".quantity must be a whole number from 1 to "
                        + MAX_QUANTITY + ", got " + quantity);
            }
            lines.add(new OrderLine(sku, quantity.asInt(), price(text(item, "unit_price"), currency, where)));
        }
        return lines;
    }

    private static BigDecimal price(String text, Currency currency, String where) {
        Matcher decimal = PLAIN_DECIMAL.matcher(text);
        if (!decimal.matches()) {
            throw RejectedRequestException.badRequest(where + ".unit_price '" + abbreviate(text) + "' is not a decimal such as \"19.99\""
                    + " (digits, at most " + MAX_PRICE_DIGITS + " before the point; no sign, no exponent)");
        }
        int decimals = decimal.group(3) == null ? 0 : decimal.group(3).length();
        BigDecimal price = new BigDecimal(text);
        if (price.signum() <= 0 || decimals > currency.getDefaultFractionDigits()) {
            throw RejectedRequestException.badRequest(where + ".unit_price " + abbreviate(text) + " must be positive with at most "
                    + currency.getDefaultFractionDigits() + " decimals for " + currency.getCurrencyCode());
        }
        return price;
    }

    private static String abbreviate(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }

    private static String fingerprint(String canonical) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
