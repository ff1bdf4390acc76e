package io.orderflow.nats;

import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** A nats-server of the test's own and a connection to it, new for each test: register with @RegisterExtension. */
public final class JetStreamServer implements BeforeEachCallback, AfterEachCallback {

    private NatsServerProcess nats;
    private JetStreamConnection connection;

    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        nats = new NatsServerProcess();
        connection = new JetStreamConnection();
        connection.setUrl(nats.url());
        connection.start();
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        connection.stop();
        nats.close();
    }

    public JetStreamConnection connection() {
        return connection;
    }

    /** A topology of {@code streams}, an audit stream that sources {@code auditSources}, and one bucket. */
    public JetStreamTopology topology(String streams, String auditSources) {
        JetStreamTopology topology = new JetStreamTopology(connection);
        topology.setStreams(streams);
        topology.setAuditStream("AUDIT");
        topology.setAuditSources(auditSources);
        topology.setBuckets("stock");
        return topology;
    }
}
