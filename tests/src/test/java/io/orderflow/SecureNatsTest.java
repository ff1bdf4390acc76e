package io.orderflow;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

import io.orderflow.sandbox.tls.Certificates;
import io.orderflow.testing.OrderflowSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The flows on a nats-server that demands mutual TLS and a user with a password, configured only through the
 * settings the README names (NATS_USER, NATS_PASSWORD, NATS_CA, NATS_CERT, NATS_KEY): an order goes through.
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
    void anOrderGoesThroughEveryFlowOverMutualTlsWithAUserAndPassword() throws Exception {
        system.setStock("TLS-1", 5);
        String order = system.placeOrder("c-tls", "TLS-1", 2, "3.00");
        await().atMost(Duration.ofSeconds(30)).until(() -> system.status(order).equals("CONFIRMED"));
        await().atMost(Duration.ofSeconds(10)).until(() -> system.mail.getReceivedMessages().length == 1);
        assertEquals(3, system.stock("TLS-1"));
    }
}
