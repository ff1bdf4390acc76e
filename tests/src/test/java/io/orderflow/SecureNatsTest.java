package io.orderflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;
import io.orderflow.sandbox.tls.Certificates;
import io.orderflow.testing.OrderflowSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The flows on a nats-server that demands mutual TLS and a user with a password: an order goes through, and a
 * process of its own configured only by the environment variables the README names (NATS_USER, NATS_PASSWORD,
 * NATS_CA, NATS_CERT, NATS_KEY) connects and is ready.
 */
class SecureNatsTest {

    private static final Certificates AUTHORITY = authority();

    @RegisterExtension
    static final OrderflowSystem system = new OrderflowSystem(Map.of(
            "orderflow.nats.user", "flows",
            "orderflow.nats.password", "s3cret-pw",
            "orderflow.nats.tls-ca", AUTHORITY.authorityCertificate().toString(),
            "orderflow.nats.tls-cert", AUTHORITY.certificate("flows").toString(),
            "orderflow.nats.tls-key", AUTHORITY.key("flows").toString()),
            "authorization { users = [ { user: flows, password: \"s3cret-pw\" } ] }\n"
                    + "tls { cert_file: \"" + AUTHORITY.certificate("nats") + "\", key_file: \"" + AUTHORITY.key("nats")
                    + "\", ca_file: \"" + AUTHORITY.authorityCertificate() + "\", verify: true }");

    private static Certificates authority() {
        try {
            Certificates authority = Certificates.authority("orderflow-ca");
            authority.issue("nats");
            authority.issue("flows");
            return authority;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theDocumentedEnvironmentVariablesConfigureAProcessOfItsOwn() throws Exception {
        Map<String, String> environment = Map.of(
                "NATS_URL", system.nats.url(),
                "NATS_USER", "flows",
                "NATS_PASSWORD", "s3cret-pw",
                "NATS_CA", AUTHORITY.authorityCertificate().toString(),
                "NATS_CERT", AUTHORITY.certificate("flows").toString(),
                "NATS_KEY", AUTHORITY.key("flows").toString(),
                "NATS_STARTUP_TIMEOUT", "20s",
                "HTTP_PORT", Integer.toString(NatsServerProcess.freePort()),
                "ORDERFLOW_SERVICES", "inventory");
        Path log = OrderflowProcess.logFile("secure-nats-environment");
        try (OrderflowProcess flows = new OrderflowProcess(environment, log)) {
            flows.start();
        }
        assertFalse(Files.readString(log).contains("s3cret-pw"), "the password is in the log");
    }

    @Test
    void anOrderGoesThroughEveryFlowOverMutualTlsWithAUserAndPassword() throws Exception {
        system.setStock("TLS-1", 5);
        String order = system.placeOrder("c-tls", "TLS-1", 2, "3.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> system.status(order).equals("CONFIRMED"));
        await().atMost(Duration.ofSeconds(10)).until(() -> system.mail.getReceivedMessages().length == 1);
        assertEquals(3, system.stock("TLS-1"));
    }
}
