package io.orderflow;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A process started before its nats-server waits for it, saying so, and serves once it is there. */
class StartupWaitsForNatsTest {

    @Test
    void startUpWaitsForNatsWithBackoffInsteadOfExiting() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess()) {
            nats.kill();
            int port = NatsServerProcess.freePort();
            Path log = OrderflowProcess.logFile("startup-waits");
            Files.deleteIfExists(log);
            String url = nats.url().replace("nats://", "nats://orderflow:s3cret-pw@");
            try (OrderflowProcess flows = new OrderflowProcess(Map.of("NATS_URL", url, "HTTP_PORT", Integer.toString(port)), log)) {
                flows.launch();
                Thread.sleep(4_000);
                assertTrue(flows.isAlive(), "the process waits instead of exiting");
                String waiting = Files.readString(log);
                assertTrue(waiting.contains("Waiting for NATS at nats://***@127.0.0.1:"), waiting);
                assertFalse(waiting.contains("s3cret-pw"), "the password is never logged");

                nats.start();
                flows.awaitReady();
                OrderflowClient client = new OrderflowClient(port);
                assertEquals(200, client.get("/observe/health/ready").statusCode());
            }
        }
    }
}
