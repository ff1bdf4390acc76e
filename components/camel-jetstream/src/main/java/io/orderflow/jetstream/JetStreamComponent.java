package io.orderflow.jetstream;

import java.util.Map;

import org.apache.camel.Endpoint;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.DefaultComponent;

/**
 * The {@code jetstream:} scheme: a JetStream consumer that acks only what the route completed and a
 * non-blocking publisher.
 * <p>
 * Why it exists: camel-nats 4.17.0 acks a JetStream message even when its exchange failed, its pull mode
 * consumes nothing, it has no nak/term/max-deliver, processes one message at a time per endpoint and its
 * producer waits for each publish ack in turn. camel-nats 4.18.1+ fixes the consumer ({@code ackPolicy},
 * {@code manualAck}, {@code nackWait}, {@code maxDeliver}, names kept here). When a camel-nats >= 4.18.1
 * with an asynchronous JetStream producer is available, routes can move back to {@code nats:} and this
 * module can go. The connection options are camel-nats' own ({@link JetStreamConnection}).
 */
@Component("jetstream")
public class JetStreamComponent extends DefaultComponent {

    @Metadata(description = "Defaults for every endpoint of this component; each endpoint gets a copy")
    private JetStreamConfiguration configuration = new JetStreamConfiguration();
    @Metadata(autowired = true, description = "The shared NATS connection; one is made from defaults when none is bound")
    private JetStreamConnection connection;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("A jetstream: endpoint needs a subject, e.g. jetstream:orders.created.*");
        }
        JetStreamEndpoint endpoint = new JetStreamEndpoint(uri, this, remaining, configuration.copy());
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The shared connection: the one bound in the registry, or one made and owned by this component. */
    public synchronized JetStreamConnection getOrCreateConnection() throws Exception {
        if (connection == null) {
            connection = getCamelContext().getRegistry().findSingleByType(JetStreamConnection.class);
            if (connection == null) {
                connection = new JetStreamConnection();
                getCamelContext().getRegistry().bind("jetStreamConnection", connection);
                getCamelContext().addService(connection, true, true);
            }
        }
        connection.start();
        return connection;
    }

    public JetStreamConnection getConnection() {
        return connection;
    }

    public void setConnection(JetStreamConnection connection) {
        this.connection = connection;
    }

    public JetStreamConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(JetStreamConfiguration configuration) {
        this.configuration = configuration;
    }
}
