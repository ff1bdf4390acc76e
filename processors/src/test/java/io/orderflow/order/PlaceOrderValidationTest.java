package io.orderflow.order;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.orderflow.event.Event;
import io.orderflow.event.InvalidEventException;
import io.orderflow.http.RejectedRequestException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Numbers a client can send: refused with a reason in milliseconds, whatever their exponent or length. */
class PlaceOrderValidationTest {

    private final PlaceOrder placeOrder = new PlaceOrder(null);

    @ParameterizedTest
    @ValueSource(strings = {"1e500000000", "1E5", "1e100000", "-5.00", "+5.00", "99999999999999999999999999999999999999.99",
        "1234567890.00", "0x10", "5.", ".5", "NaN", "Infinity", " 5.00"})
    void aUnitPriceThatIsNotAPlainDecimalOfAtMostNineDigitsIsRefused(String price) {
        RejectedRequestException refused = refusedWithin(order("\"" + price + "\"", "1"));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("unit_price"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"1e500000000", "1.5", "0", "10001", "99999999999999999999", "\"2\""})
    void aQuantityThatIsNotAWholeNumberInRangeIsRefused(String quantity) {
        assertTrue(refusedWithin(order("\"5.00\"", quantity)).getMessage().contains("quantity"));
    }

    @Test
    void moreDecimalsThanTheCurrencyHasAreRefused() {
        assertTrue(refusedWithin(order("\"5.001\"", "1")).getMessage().contains("at most 2 decimals for EUR"));
    }

    @Test
    void anOrderAboveTheTotalCapIsRefusedWith422NamingTheCap() {
        RejectedRequestException refused = refusedWithin(order("\"999999999.99\"", "2"));
        assertEquals(422, refused.status());
        assertEquals("The order totals 1999999999.98 EUR; at most 1000000 is accepted in one order", refused.getMessage());
    }

    @Test
    void theLargestAcceptedPriceStillMakesAnOrder() {
        Order order = placeOrder.validate(order("\"500000.00\"", "2").getBytes(StandardCharsets.UTF_8), "k-1");
        assertEquals("1000000.00", order.amount());
    }

    @Test
    void aForgedEventWithAnExponentBombIsInvalidAtOnce() {
        String event = "{\"id\":\"e\",\"type\":\"OrderCreated\",\"aggregate_id\":\"o\",\"timestamp\":\"t\","
                + "\"data\":{\"items\":[{\"sku\":\"S\",\"quantity\":1e500000000,\"unit_price\":\"1e500000000\"}]}}";
        assertTimeoutPreemptively(Duration.ofSeconds(1), () -> {
            Event parsed = Event.parse(event.getBytes(StandardCharsets.UTF_8));
            assertThrows(InvalidEventException.class, () -> parsed.dataAs(Items.class));
        });
    }

    record Items(OrderLine[] items) {
    }

    private RejectedRequestException refusedWithin(String body) {
        return assertTimeoutPreemptively(Duration.ofMillis(500), () -> assertThrows(RejectedRequestException.class,
                () -> placeOrder.validate(body.getBytes(StandardCharsets.UTF_8), "key-1")));
    }

    private static String order(String unitPrice, String quantity) {
        return "{\"customer_id\":\"c-1\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"SKU-1\",\"quantity\":" + quantity
                + ",\"unit_price\":" + unitPrice + "}]}";
    }
}
