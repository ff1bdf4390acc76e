package io.orderflow.jetstream;

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
