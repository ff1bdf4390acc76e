package io.orderflow.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** routes/payment.camel.yaml: charge-payment, its circuit breaker and its recorded decisions. */
class PaymentRoutesTest extends FlowRouteTestSupport {

    private static final ScriptedGateway gateway = startGateway();

    @Override
    protected String flow() {
        return "payment";
    }

    @Override
    protected Map<String, String> properties() {
        return Map.of("orderflow.payment.gateway-url", gateway.url(),
                "orderflow.payment.breaker.failures-to-open", "2",
                "orderflow.payment.breaker.open-seconds", "1",
                "orderflow.payment.gateway-key", "gw-k3y");
    }

    @BeforeEach
    void approveCharges() {
        gateway.answer(200, "{\"status\":\"approved\",\"charge_id\":\"ch-1\"}");
    }

    @Test
    void anApprovedChargeAuthorisesThePaymentOfTheOrdersAmount() throws Exception {
        placeOrder("o-approved");
        publish(reserved("o-approved"));
        Event authorized = awaitPublishedOnce(EventType.PAYMENT_AUTHORIZED);
        awaitSettled("payment-inventory-reserved");
        assertEquals("ch-1", authorized.text("charge_id"));
        assertEquals("{\"order_id\":\"o-approved\",\"customer_id\":\"c-1\",\"amount\":\"10.00\",\"currency\":\"EUR\"}",
                gateway.charges().get(gateway.charges().size() - 1));
        assertEquals("Bearer gw-k3y", gateway.authorizations().get(gateway.authorizations().size() - 1));
    }

    @Test
    void aDeclineIsAnAnswerAndARedeliveryReusesItWithoutCallingTheGatewayAgain() throws Exception {
        gateway.answer(402, "{\"status\":\"declined\",\"reason\":\"insufficient funds\"}");
        int before = gateway.charges().size();
        placeOrder("o-declined");
        publish(reserved("o-declined"));
        assertEquals("insufficient funds", awaitPublishedOnce(EventType.PAYMENT_DECLINED).text("reason"));
        gateway.answer(200, "{\"status\":\"approved\",\"charge_id\":\"ch-2\"}");
        publish(reserved("o-declined"));
        assertEquals(EventType.PAYMENT_DECLINED.typeName(), awaitPublished(2).get(1).type());
        assertEquals(before + 1, gateway.charges().size(), "the recorded decision answered the second delivery");
    }

    @Test
    void aFailingGatewayLeavesTheEventInJetStreamAndTheOpenBreakerStopsCallingIt() throws Exception {
        gateway.answer(503, "{\"error\":\"maintenance\"}");
        int before = gateway.charges().size();
        placeOrder("o-outage");
        publish(reserved("o-outage"));
        // redelivered by JetStream: two failed calls open the breaker, later deliveries fail without a call
        Thread.sleep(1_500);
        assertEquals(0, published().getReceivedCounter(), "no payment event while the gateway fails");
        assertEquals(0, deadLetters().getReceivedCounter(), "a technical failure is never dead-lettered");
        int callsDuringOutage = gateway.charges().size() - before;
        assertTrue(callsDuringOutage >= 2 && callsDuringOutage <= 3, "calls while failing: " + callsDuringOutage);
        long failures = payments("failed");
        assertTrue(failures >= callsDuringOutage, "every delivery without a decision counts as failed: " + failures);
        long authorized = payments("authorized");
        gateway.answer(200, "{\"status\":\"approved\",\"charge_id\":\"ch-3\"}");
        assertEquals("ch-3", awaitPublishedOnce(EventType.PAYMENT_AUTHORIZED).text("charge_id"));
        awaitSettled("payment-inventory-reserved");
        assertEquals(authorized + 1, payments("authorized"));
    }

    /** payment_process_duration_seconds_count{status}: how many payment steps ended so. */
    private long payments(String status) {
        return context.getRegistry().findSingleByType(MeterRegistry.class).get("payment.process.duration").tag("status", status)
                .timer().count();
    }

    @Test
    void aCancelledOrderIsNeverCharged() throws Exception {
        int before = gateway.charges().size();
        Event created = placeOrder("o-cancelled");
        publish(created.causes(EventType.ORDER_CANCELLED, Map.of("order_id", "o-cancelled", "customer_id", "c-1",
                "amount", "10.00", "currency", "EUR", "reason", "out of stock")));
        publish(reserved("o-cancelled"));
        String reason = awaitDeadLetters(1).get(0).getIn().getHeader("Orderflow-Dead-Letter-Reason", String.class);
        assertTrue(reason.contains("CANCELLED already"), reason);
        assertEquals(before, gateway.charges().size(), "the gateway was asked");
    }

    private static Event reserved(String orderId) {
        return orderCreated(orderId, "PAY-1", 2).causes(EventType.INVENTORY_RESERVED, Map.of("order_id", orderId,
                "customer_id", "c-1", "amount", "10.00", "currency", "EUR"));
    }

    private static ScriptedGateway startGateway() {
        try {
            return new ScriptedGateway();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopGateway() {
        gateway.close();
    }
}
