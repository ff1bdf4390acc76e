package io.orderflow;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ORDERFLOW_SERVICES names the route files a process loads. */
class FlowsTest {

    @Test
    void anUnknownFlowFailsStartUpWithTheNamesThatExist() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> Flows.routesIncludePattern("orders,payments"));
        assertTrue(error.getMessage().contains("'payments'") && error.getMessage().contains("payment"), error.getMessage());
        assertTrue(Flows.routesIncludePattern("payment").contains("routes/payment.camel.yaml"));
        assertFalse(Flows.routesIncludePattern("payment").contains("routes/orders.camel.yaml"));
        assertTrue(Flows.routesIncludePattern("payment").startsWith("classpath:beans/orderflow.camel.yaml,"));
    }
}
