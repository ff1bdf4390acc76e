package io.orderflow.testing;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.api.ClusterInfo;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsCluster;
import io.orderflow.sandbox.nats.NatsServerProcess;
import io.orderflow.sandbox.net.TcpRelay;

/**
 * Orderflow as separate processes: nats-server (one, or a JetStream cluster), the flows in their own JVMs (one,
 * or several replicas sharing the work), the gateway simulator and an SMTP server, for tests that crash, restart
 * and terminate parts of it. As a client it talks to the first replica.
 */
public final class OrderflowProcesses extends OrderflowClient implements AutoCloseable {

    public final NatsCluster natsNodes;
    /** The first (with one node, the only) nats-server. */
    public final NatsServerProcess nats;
    public final PaymentGatewaySimulator gateway;
    public final GreenMail mail;
    /** In front of the SMTP server: the flows send their emails through it, and a test can make it hang. */
    public final TcpRelay smtp;
    /** The first replica of the flows. */
    public final OrderflowProcess flows;
    public final List<OrderflowProcess> replicas = new ArrayList<>();
    private final JetStreamConnection inspector = new JetStreamConnection();

    public OrderflowProcesses(String name, Map<String, String> settings) throws Exception {
        this(name, settings, 1, 1);
    }

    /** With {@code natsNodes} > 1 the streams and buckets are replicated on all of them (R{@code natsNodes}). */
    public OrderflowProcesses(String name, Map<String, String> settings, int natsNodes, int flowReplicas) throws Exception {
        super(NatsServerProcess.freePort());
        this.natsNodes = new NatsCluster(natsNodes);
        nats = this.natsNodes.nodes().get(0);
        gateway = new PaymentGatewaySimulator(0);
        mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        smtp = new TcpRelay(mail.getSmtp().getPort());
        Map<String, String> environment = new HashMap<>();
        environment.put("NATS_URL", this.natsNodes.urls());
        environment.put("STREAM_REPLICAS", Integer.toString(natsNodes));
        environment.put("PAYMENT_GATEWAY_URL", gateway.url());
        environment.put("SMTP_PORT", Integer.toString(smtp.port()));
        environment.put("CONSUMER_NACK_WAIT", "200ms");
        // what a killed process held comes back within seconds, not the production 30 s
        environment.put("CONSUMER_ACK_WAIT", "5s");
        environment.put("INVENTORY_CLAIM_LEASE", "5s");
        environment.putAll(settings);
        for (int replica = 1; replica <= flowReplicas; replica++) {
            Map<String, String> replicaEnvironment = new HashMap<>(environment);
            replicaEnvironment.put("HTTP_PORT", Integer.toString(replica == 1 ? httpPort() : NatsServerProcess.freePort()));
            OrderflowProcess process = new OrderflowProcess(replicaEnvironment,
                    OrderflowProcess.logFile(flowReplicas == 1 ? name : name + "-" + replica));
            replicas.add(process);
            process.start();
        }
        flows = replicas.get(0);
        inspector.setUrl(this.natsNodes.urls());
        inspector.start();
    }

    /** A client of replica {@code index} (from 0), as a load balancer would pick it. */
    public OrderflowClient clientOf(int index) {
        return new OrderflowClient(replicas.get(index).httpPort());
    }

    /** The messages stored on {@code subject} in {@code stream}. */
    public List<Message> messages(String stream, String subject) throws IOException {
        List<Message> found = new ArrayList<>();
        inspector.scan(stream, subject, found::add);
        return found;
    }

    /** Which node leads {@code stream} now, as JetStream reports it. */
    public String leaderOf(String stream) throws IOException {
        return streamCluster(stream).getLeader();
    }

    /** Every stream, the buckets' included. */
    public List<String> streamNames() throws IOException {
        try {
            return inspector.management().getStreamNames();
        } catch (JetStreamApiException e) {
            throw new IOException(e);
        } catch (IOException e) {
            throw inspector.checkTimeout(e);
        }
    }

    /** Where {@code stream} lives: its leader and its other replicas, with how current each is. */
    public ClusterInfo streamCluster(String stream) throws IOException {
        try {
            return inspector.management().getStreamInfo(stream).getClusterInfo();
        } catch (JetStreamApiException e) {
            throw new IOException(e);
        } catch (IOException e) {
            // the flows' own remedy for a reconnected connection whose requests all time out
            throw inspector.checkTimeout(e);
        }
    }

    @Override
    public void close() throws Exception {
        for (OrderflowProcess replica : replicas) {
            replica.close();
        }
        inspector.stop();
        gateway.close();
        smtp.close();
        mail.stop();
        natsNodes.close();
    }
}
