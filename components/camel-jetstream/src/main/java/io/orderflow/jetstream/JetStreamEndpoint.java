package io.orderflow.jetstream;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.HeaderFilterStrategyAware;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/** Consumes a subject through a durable pull consumer, or publishes to a subject. */
@UriEndpoint(firstVersion = "4.17.0", scheme = "jetstream", title = "NATS JetStream", syntax = "jetstream:subject",
             category = { Category.MESSAGING }, headersClass = JetStreamConstants.class)
public class JetStreamEndpoint extends DefaultEndpoint implements HeaderFilterStrategyAware {

    private static final int CONSUMER_NOT_FOUND = 10014;
    private static final int STREAM_NOT_FOUND = 10059;

    @UriPath(description = "Subject to consume (a filter, with wildcards; a greater-than sign alone is the whole stream) or to publish to")
    @Metadata(required = true)
    private final String subject;
    @UriParam
    private final JetStreamConfiguration configuration;

    public JetStreamEndpoint(String uri, JetStreamComponent component, String subject, JetStreamConfiguration configuration) {
        super(uri, component);
        this.subject = subject;
        this.configuration = configuration;
    }

    @Override
    public JetStreamComponent getComponent() {
        return (JetStreamComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        return new JetStreamProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        if (configuration.getStream() == null || configuration.getDurable() == null) {
            throw new IllegalArgumentException("jetstream:" + subject + " needs 'stream' and 'durable' to consume");
        }
        JetStreamConsumer consumer = new JetStreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /**
     * Creates this endpoint's durable consumer, or updates it to the endpoint's options: what its consumer does
     * when it starts, and what a topology step may do beforehand without consuming anything. With declareDurable
     * off it only checks that the durable exists, and says what to run when it does not.
     */
    public void declareDurable() throws Exception {
        ConsumerConfiguration.Builder config = ConsumerConfiguration.builder()
                .durable(configuration.getDurable())
                .ackPolicy(AckPolicy.Explicit)
                .deliverPolicy(DeliverPolicy.All)
                .ackWait(configuration.getAckWait())
                .maxAckPending(configuration.getMaxAckPending() > 0 ? configuration.getMaxAckPending() : configuration.getMaxInFlight())
                // unlimited on the server: the consumer counts deliveries itself, so that the last one is
                // dead-lettered with its reason before it is terminated, instead of silently dropped
                .maxDeliver(-1)
                .filterSubject(subject);
        JetStreamManagement management = getComponent().getOrCreateConnection().management();
        if (configuration.isDeclareDurable()) {
            management.addOrUpdateConsumer(configuration.getStream(), config.build());
            return;
        }
        try {
            management.getConsumerInfo(configuration.getStream(), configuration.getDurable());
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == CONSUMER_NOT_FOUND || e.getApiErrorCode() == STREAM_NOT_FOUND) {
                throw new IllegalStateException("The durable consumer " + configuration.getDurable() + " of stream "
                        + configuration.getStream() + " does not exist, and this process only checks for it"
                        + " (declareDurable=false): declare the topology first (./orderflow topology, or the topology Job)", e);
            }
            throw e;
        }
    }

    public String getSubject() {
        return subject;
    }

    public JetStreamConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public HeaderFilterStrategy getHeaderFilterStrategy() {
        return configuration.getHeaderFilterStrategy();
    }

    @Override
    public void setHeaderFilterStrategy(HeaderFilterStrategy strategy) {
        configuration.setHeaderFilterStrategy(strategy);
    }
}
