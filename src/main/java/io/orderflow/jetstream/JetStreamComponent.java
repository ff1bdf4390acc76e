package io.orderflow.jetstream;

import java.time.Duration;
import java.util.Map;

import org.apache.camel.Endpoint;
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
 * package can go. The connection options are camel-nats' own ({@link JetStreamConnection}).
 */
@Component("jetstream")
public class JetStreamComponent extends DefaultComponent {

    private JetStreamConnection connection;
    private int concurrentConsumers = 4;
    private int maxInFlight = 256;
    private Duration ackWait = Duration.ofSeconds(30);
    private Duration nackWait = Duration.ofSeconds(1);
    private int maxDeliver = 100;

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        if (remaining == null || remaining.isBlank()) {
            throw new IllegalArgumentException("A jetstream: endpoint needs a subject, e.g. jetstream:orders.created.*");
        }
        JetStreamEndpoint endpoint = new JetStreamEndpoint(uri, this, remaining);
        endpoint.setConcurrentConsumers(concurrentConsumers);
        endpoint.setMaxInFlight(maxInFlight);
        endpoint.setAckWait(ackWait);
        endpoint.setNackWait(nackWait);
        endpoint.setMaxDeliver(maxDeliver);
        setProperties(endpoint, parameters);
        return endpoint;
    }

    /** The shared connection: the one bound in the registry, or one made and owned by this component. */
    public synchronized JetStreamConnection getConnection() throws Exception {
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

    public void setConnection(JetStreamConnection connection) {
        this.connection = connection;
    }

    // defaults for every endpoint of this component, e.g. camel.component.jetstream.max-in-flight

    public int getConcurrentConsumers() {
        return concurrentConsumers;
    }

    public void setConcurrentConsumers(int concurrentConsumers) {
        this.concurrentConsumers = concurrentConsumers;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public Duration getAckWait() {
        return ackWait;
    }

    public void setAckWait(Duration ackWait) {
        this.ackWait = ackWait;
    }

    public Duration getNackWait() {
        return nackWait;
    }

    public void setNackWait(Duration nackWait) {
        this.nackWait = nackWait;
    }

    public int getMaxDeliver() {
        return maxDeliver;
    }

    public void setMaxDeliver(int maxDeliver) {
        this.maxDeliver = maxDeliver;
    }
}
