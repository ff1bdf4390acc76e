package io.orderflow;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import io.orderflow.testing.OrderflowProcesses;
import io.orderflow.testing.OrdersInFlight;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flows run in their own JVM; in the middle of 500 orders it is killed, terminated or loses its
 * nats-server. Afterwards every order is confirmed exactly once: one charge, at most one email, one
 * terminal event, and the stock adds up.
 */
class CrashRecoveryTest {

    private static final int ORDERS = 500;
    /** Few payment threads, and a gateway that takes 120 ms: the orders are still in flight when trouble starts. */
    private static final Map<String, String> SLOW_PAYMENTS = Map.of("CONSUMER_CONCURRENCY", "8");

    /** What goes wrong while the orders are in flight. */
    private interface Trouble {
        void strike(OrderflowProcesses system) throws Exception;
    }

    @Test
    void killNineOfTheFlowsInTheMiddleOfFiveHundredOrders() throws Exception {
        survives("kill-nine", Map.of(), system -> {
            system.flows.kill();
            system.flows.start();
        });
    }

    @Test
    void natsServerRestartInTheMiddleOfFiveHundredOrders() throws Exception {
        survives("nats-restart", Map.of(), system -> system.nats.restart());
    }

    @Test
    void sigtermUnderLoadExitsWithinTheTimeoutAndTheNextProcessFinishesEveryOrder() throws Exception {
        survives("sigterm", Map.of("SHUTDOWN_TIMEOUT_SECONDS", "10"), system -> {
            long signalled = system.flows.signalTerminate();
            // readiness turns DOWN as soon as draining starts, while the orders in flight still finish
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).ignoreExceptions()
                    .until(() -> system.get("/observe/health/ready").statusCode() == 503);
            Duration shutdown = system.flows.awaitExit(signalled, Duration.ofSeconds(20));
            assertTrue(shutdown.compareTo(Duration.ofSeconds(15)) < 0, "shut down in " + shutdown);
            system.flows.start();
        });
    }

    private static void survives(String name, Map<String, String> environment, Trouble trouble) throws Exception {
        Map<String, String> withSlowPayments = new HashMap<>(SLOW_PAYMENTS);
        withSlowPayments.putAll(environment);
        try (OrderflowProcesses system = new OrderflowProcesses(name, withSlowPayments)) {
            OrdersInFlight orders = OrdersInFlight.place(system, "CRASH-1", 5_000, ORDERS);
            orders.awaitAFifthCharged();
            trouble.strike(system);
            orders.assertEachConfirmedOnce();
        }
    }
}
