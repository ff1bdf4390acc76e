package io.orderflow;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.orderflow.testing.OrderflowSystem;
import org.apache.camel.component.resilience4j.ResilienceProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A payment gateway outage longer than the breaker's wait: orders wait, none is cancelled, all complete. */
class GatewayOutageTest {

    @RegisterExtension
    static final OrderflowSystem system = new OrderflowSystem(Map.of(
            "orderflow.payment.breaker.failures-to-open", "3",
            "orderflow.payment.breaker.open-seconds", "2"));

    @Test
    void ordersWaitOutAnOutageBehindTheOpenBreakerAndCompleteAfterIt() throws Exception {
        system.setStock("OUTAGE-1", 100);
        CircuitBreaker breaker = system.camel()
                .getProcessor("payment-gateway-breaker", ResilienceProcessor.class).getCircuitBreaker();
        system.gateway.setOutage(true);
        List<String> orders = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                orders.add(system.placeOrder("c-" + i, "OUTAGE-1", 1, "3.00"));
            }
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20))
                    .until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
            long callsWhenOpened = system.gateway.requests();
            Thread.sleep(5_000);
            assertTrue(system.gateway.requests() - callsWhenOpened < 20,
                    "an open breaker keeps payments off the gateway: " + (system.gateway.requests() - callsWhenOpened));
            for (String order : orders) {
                assertEquals("PENDING", system.status(order), "no order is cancelled by an outage");
            }
        } finally {
            system.gateway.setOutage(false);
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            for (String order : orders) {
                if (!system.status(order).equals("CONFIRMED")) {
                    return false;
                }
            }
            return true;
        });
        assertEquals(CircuitBreaker.State.CLOSED, breaker.getState());
        assertEquals("[]", system.get("/dlq").body(), "nothing dead-lettered by an outage");
        for (String order : orders) {
            assertEquals(1, system.gateway.approvals(order));
        }
        assertEquals(80, system.stock("OUTAGE-1"));
    }
}
