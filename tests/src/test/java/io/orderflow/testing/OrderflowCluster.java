package io.orderflow.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.nats.client.Message;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;
import io.orderflow.sandbox.net.TcpRelay;

/**
 * Orderflow as separate processes: a nats-server, the flows in their own JVM, the gateway simulator
 * and an SMTP server, for tests that crash, restart and terminate parts of it.
 */
public final class OrderflowCluster extends OrderflowClient implements AutoCloseable {

    public final NatsServerProcess nats;
    public final PaymentGatewaySimulator gateway;
    public final GreenMail mail;
    /** In front of the SMTP server: the flows send their emails through it, and a test can make it hang. */
    public final TcpRelay smtp;
    public final OrderflowProcess flows;
    private final JetStreamConnection inspector = new JetStreamConnection();

    public OrderflowCluster(String name, Map<String, String> settings) throws Exception {
        super(NatsServerProcess.freePort());
        nats = new NatsServerProcess();
        gateway = new PaymentGatewaySimulator(0);
        mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        smtp = new TcpRelay(mail.getSmtp().getPort());
        Map<String, String> environment = new HashMap<>();
        environment.put("NATS_URL", nats.url());
        environment.put("HTTP_PORT", Integer.toString(httpPort()));
        environment.put("PAYMENT_GATEWAY_URL", gateway.url());
        environment.put("SMTP_PORT", Integer.toString(smtp.port()));
        environment.put("CONSUMER_NACK_WAIT", "200ms");
        // what a killed process held comes back within seconds, not the production 30 s
        environment.put("CONSUMER_ACK_WAIT", "5s");
        environment.put("INVENTORY_CLAIM_LEASE", "5s");
        environment.putAll(settings);
        flows = new OrderflowProcess(environment, OrderflowProcess.logFile(name));
        flows.start();
        inspector.setUrl(nats.url());
        inspector.start();
    }

    /** The messages stored on {@code subject} in {@code stream}. */
    public List<Message> messages(String stream, String subject) throws IOException {
        List<Message> found = new ArrayList<>();
        inspector.scan(stream, subject, found::add);
        return found;
    }

    @Override
    public void close() throws Exception {
        flows.close();
        inspector.stop();
        gateway.close();
        smtp.close();
        mail.stop();
        nats.close();
    }
}
