package io.orderflow.jetstream;

import java.time.Duration;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultEndpoint;

/**
 * Consumes a subject through a durable pull consumer, or publishes to a subject.
 * Option names follow camel-nats 4.18.1+ where the meaning is the same ({@code nackWait}, {@code maxDeliver}).
 */
@UriEndpoint(scheme = "jetstream", title = "NATS JetStream", syntax = "jetstream:subject",
             category = { Category.MESSAGING })
public class JetStreamEndpoint extends DefaultEndpoint {

    @UriPath(description = "Subject to consume (a filter, wildcards allowed) or to publish to")
    @Metadata(required = true)
    private final String subject;

    @UriParam(label = "consumer", description = "Stream that holds the subject")
    private String stream;
    @UriParam(label = "consumer", description = "Durable consumer name; created or updated at start")
    private String durable;
    @UriParam(label = "consumer", defaultValue = "4", description = "Threads processing messages")
    private int concurrentConsumers = 4;
    @UriParam(label = "consumer", defaultValue = "256",
              description = "Messages in flight at once (fetched but not yet acked) per route")
    private int maxInFlight = 256;
    @UriParam(label = "consumer", defaultValue = "64", description = "Messages asked for per pull request")
    private int batchSize = 64;
    @UriParam(label = "consumer", defaultValue = "30s",
              description = "Server-side ack wait; in-progress signals keep slow messages alive past it")
    private Duration ackWait = Duration.ofSeconds(30);
    @UriParam(label = "consumer", defaultValue = "1s", description = "Nak delay after the first failed delivery; doubles per delivery")
    private Duration nackWait = Duration.ofSeconds(1);
    @UriParam(label = "consumer", defaultValue = "30s", description = "Upper bound of the nak delay")
    private Duration maxNackWait = Duration.ofSeconds(30);
    @UriParam(label = "consumer", defaultValue = "100",
              description = "Deliveries after which a still-failing message is dead-lettered and terminated")
    private int maxDeliver = 100;
    @UriParam(label = "consumer", description = "Subject for dead letters; dlq.<route id> when not set")
    private String deadLetterSubject;
    @UriParam(label = "consumer", defaultValue = "30s", description = "How long stopping waits for in-flight messages")
    private Duration shutdownTimeout = Duration.ofSeconds(30);

    @UriParam(label = "producer", defaultValue = "5s", description = "How long a publish waits for its ack before it fails")
    private Duration publishTimeout = Duration.ofSeconds(5);

    public JetStreamEndpoint(String uri, JetStreamComponent component, String subject) {
        super(uri, component);
        this.subject = subject;
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
        if (stream == null || durable == null) {
            throw new IllegalArgumentException("jetstream:" + subject + " needs 'stream' and 'durable' to consume");
        }
        JetStreamConsumer consumer = new JetStreamConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    public String getSubject() {
        return subject;
    }

    public String getStream() {
        return stream;
    }

    public void setStream(String stream) {
        this.stream = stream;
    }

    public String getDurable() {
        return durable;
    }

    public void setDurable(String durable) {
        this.durable = durable;
    }

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

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
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

    public Duration getMaxNackWait() {
        return maxNackWait;
    }

    public void setMaxNackWait(Duration maxNackWait) {
        this.maxNackWait = maxNackWait;
    }

    public int getMaxDeliver() {
        return maxDeliver;
    }

    public void setMaxDeliver(int maxDeliver) {
        this.maxDeliver = maxDeliver;
    }

    public String getDeadLetterSubject() {
        return deadLetterSubject;
    }

    public void setDeadLetterSubject(String deadLetterSubject) {
        this.deadLetterSubject = deadLetterSubject;
    }

    public Duration getShutdownTimeout() {
        return shutdownTimeout;
    }

    public void setShutdownTimeout(Duration shutdownTimeout) {
        this.shutdownTimeout = shutdownTimeout;
    }

    public Duration getPublishTimeout() {
        return publishTimeout;
    }

    public void setPublishTimeout(Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
    }
}
