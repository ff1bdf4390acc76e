package io.orderflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.orderflow.Flows;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import static org.awaitility.Awaitility.await;

/**
 * The whole system for a test: its own nats-server, the payment gateway simulator, an SMTP server and
 * Orderflow itself (camel-main with the YAML routes from routes/), on free ports.
 */
public final class OrderflowSystem extends OrderflowClient
        implements BeforeAllCallback, AfterAllCallback, AutoCloseable {

    public NatsServerProcess nats;
    public PaymentGatewaySimulator gateway;
    public GreenMail mail;
    private final Map<String, String> overrides;
    private final String natsConfiguration;
    private Main main;
    private Connection client;

    /**
     * A system a test class registers as an extension: it starts before the class's first test and stops
     * after its last. {@code overrides} are Orderflow properties set on top of application.properties.
     */
    public OrderflowSystem(Map<String, String> overrides) {
        this(overrides, null);
    }

    /** With a nats-server that also reads {@code natsConfiguration} (users, TLS); null for a plain one. */
    public OrderflowSystem(Map<String, String> overrides, String natsConfiguration) {
        super(freeHttpPort());
        this.overrides = overrides;
        this.natsConfiguration = natsConfiguration;
    }

    public OrderflowSystem() {
        this(Map.of());
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        nats = natsConfiguration == null ? new NatsServerProcess() : NatsServerProcess.withConfiguration(natsConfiguration);
        gateway = new PaymentGatewaySimulator(0);
        mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        main = new Main();
        main.configure().withRoutesIncludePattern(Flows.routesIncludePattern("all"));
        main.addOverrideProperty("camel.server.port", Integer.toString(httpPort()));
        main.addOverrideProperty("camel.management.port", Integer.toString(httpPort()));
        main.addOverrideProperty("camel.main.jmx-enabled", "false");
        main.addOverrideProperty("orderflow.nats.url", nats.url());
        main.addOverrideProperty("orderflow.payment.gateway-url", gateway.url());
        main.addOverrideProperty("orderflow.smtp.port", Integer.toString(mail.getSmtp().getPort()));
        main.addOverrideProperty("camel.component.jetstream.nack-wait", "200ms");
        main.addOverrideProperty("orderflow.retry.initial-delay", "10");
        // its clients call without credentials; a test of authentication overrides this
        main.addOverrideProperty("orderflow.http.auth", "off");
        overrides.forEach(main::addOverrideProperty);
        main.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> main.getCamelContext() != null
                && main.getCamelContext().isStarted());
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        close();
    }

    private static int freeHttpPort() {
        try {
            return NatsServerProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** A NATS connection of the test's own, to look into streams or publish raw messages. */
    public synchronized Connection nats() throws IOException, InterruptedException {
        if (client == null) {
            client = Nats.connect(new io.nats.client.Options.Builder().server(nats.url()).maxReconnects(-1).build());
        }
        return client;
    }

    /** The messages stored on {@code subject} in {@code stream}, read through the system's own connection. */
    public List<io.nats.client.Message> messages(String stream, String subject) throws IOException {
        List<io.nats.client.Message> found = new java.util.ArrayList<>();
        camel().getRegistry().findSingleByType(JetStreamConnection.class).scan(stream, subject, found::add);
        return found;
    }

    @Override
    public void close() throws Exception {
        if (main != null) {
            main.stop();
        }
        if (client != null) {
            client.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (mail != null) {
            mail.stop();
        }
        if (nats != null) {
            nats.close();
        }
    }
}
