package io.orderflow;

import java.util.Map;

import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** ORDERFLOW_SERVICES decides which flows a process runs. */
class FlowSelectionTest {

    @Test
    void aProcessRunsOnlyTheFlowsItIsGiven() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess()) {
            int port = NatsServerProcess.freePort();
            try (OrderflowProcess inventoryOnly = new OrderflowProcess(Map.of("NATS_URL", nats.url(),
                    "HTTP_PORT", Integer.toString(port), "ORDERFLOW_SERVICES", "inventory"),
                    OrderflowProcess.logFile("inventory-only"))) {
                inventoryOnly.start();
                OrderflowClient client = new OrderflowClient(port);
                client.setStock("ALONE-1", 3);
                assertEquals(3, client.stock("ALONE-1"));
                assertEquals(404, client.post("/orders", OrderflowClient.orderJson("c", "ALONE-1", 1, "1.00"), Map.of())
                        .statusCode(), "the orders flow is not running here");
            }
        }
    }
}
