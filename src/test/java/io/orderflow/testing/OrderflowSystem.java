package io.orderflow.testing;

import io.orderflow.sandbox.NatsServerProcess;
import io.orderflow.sandbox.OrderflowClient;

import java.io.IOException;
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
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import static org.awaitility.Awaitility.await;

/**
 * The whole system for a test: its own nats-server, the payment gateway simulator, an SMTP server and
 * Orderflow itself (camel-main with the YAML routes from routes/), on free ports.
 */
public final class OrderflowSystem extends OrderflowClient implements AutoCloseable {

    public final NatsServerProcess nats;
    public final PaymentGatewaySimulator gateway;
    public final GreenMail mail;
    private final Main main;
    private Connection client;

    public OrderflowSystem(Map<String, String> overrides) throws Exception {
        super(NatsServerProcess.freePort());
        nats = new NatsServerProcess();
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
        overrides.forEach(main::addOverrideProperty);
        main.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> main.getCamelContext() != null
                && main.getCamelContext().isStarted());
    }

    public OrderflowSystem() throws Exception {
        this(Map.of());
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
        main.stop();
        if (client != null) {
            client.close();
        }
        gateway.close();
        mail.stop();
        nats.close();
    }
}
