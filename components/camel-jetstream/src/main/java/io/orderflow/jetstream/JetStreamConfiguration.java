package io.orderflow.jetstream;

import java.time.Duration;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;

/**
 * The options of a {@code jetstream:} endpoint. The component holds one as the defaults of all its
 * endpoints ({@code camel.component.jetstream.max-in-flight=...}); each endpoint gets a copy and applies its
 * URI parameters on top. Names follow camel-nats 4.18.1+ where the meaning is the same
 * ({@code nackWait}, {@code maxDeliver}).
 */
@UriParams
public class JetStreamConfiguration implements Cloneable {

    @UriParam(label = "consumer", description = "Stream that holds the consumed subject")
    private String stream;
    @UriParam(label = "consumer", description = "Durable consumer name; created or updated when the route starts")
    private String durable;
    @UriParam(label = "consumer", defaultValue = "4", description = "Threads that process messages")
    private int concurrentConsumers = 4;
    @UriParam(label = "consumer", defaultValue = "256",
              description = "Messages in flight at once per route (fetched and not yet acked or nak'ed)")
    private int maxInFlight = 256;
    @UriParam(label = "consumer", defaultValue = "64", description = "Messages asked for per pull request")
    private int batchSize = 64;
    @UriParam(label = "consumer", defaultValue = "30s",
              description = "The server's ack wait; in-progress signals keep slow messages alive past it")
    private Duration ackWait = Duration.ofSeconds(30);
    @UriParam(label = "consumer", defaultValue = "1s",
              description = "Nak delay after the first failed delivery; it doubles with every delivery")
    private Duration nackWait = Duration.ofSeconds(1);
    @UriParam(label = "consumer", defaultValue = "30s", description = "Upper bound of the nak delay")
    private Duration maxNackWait = Duration.ofSeconds(30);
    @UriParam(label = "consumer", defaultValue = "100",
              description = "Deliveries after which a still-failing message is dead-lettered and terminated; 0 retries for ever")
    private int maxDeliver = 100;
    @UriParam(label = "consumer", description = "Subject of dead letters; when not set, dlq followed by a dot and the route id")
    private String deadLetterSubject;
    @UriParam(label = "consumer", defaultValue = "JetStream-Dead-Letter-",
              description = "Prefix of the headers a dead letter carries: Reason, Flow (the route), Subject (where it failed) and Attempts")
    private String deadLetterHeaderPrefix = "JetStream-Dead-Letter-";
    @UriParam(label = "consumer", defaultValue = "0",
              description = "The durable's MaxAckPending, the messages the server hands out unacknowledged across all"
                      + " processes that share the durable; 0 is maxInFlight (raise it when several processes share it)")
    private int maxAckPending;
    @UriParam(label = "consumer", defaultValue = "true",
              description = "Create or update the durable consumer at start-up; false only checks that it exists, for an"
                      + " identity that may consume but not declare (the topology is then a separate admin step)")
    private boolean declareDurable = true;

    @UriParam(label = "producer", defaultValue = "5s", description = "How long a publish waits for its ack before it fails")
    private Duration publishTimeout = Duration.ofSeconds(5);

    @UriParam(label = "advanced", description = "Which exchange headers are published as NATS headers and which NATS headers"
            + " a consumed exchange gets; by default every header except Camel's own, and no Nats- header on the way out."
            + " The trace context headers (traceparent, tracestate, baggage) pass whatever it says")
    @Metadata(autowired = false)
    private org.apache.camel.spi.HeaderFilterStrategy headerFilterStrategy = new JetStreamHeaderFilterStrategy();

    public JetStreamConfiguration copy() {
        try {
            return (JetStreamConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
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

    public String getDeadLetterHeaderPrefix() {
        return deadLetterHeaderPrefix;
    }

    public void setDeadLetterHeaderPrefix(String deadLetterHeaderPrefix) {
        this.deadLetterHeaderPrefix = deadLetterHeaderPrefix;
    }

    public int getMaxAckPending() {
        return maxAckPending;
    }

    public void setMaxAckPending(int maxAckPending) {
        this.maxAckPending = maxAckPending;
    }

    public boolean isDeclareDurable() {
        return declareDurable;
    }

    public void setDeclareDurable(boolean declareDurable) {
        this.declareDurable = declareDurable;
    }

    public Duration getPublishTimeout() {
        return publishTimeout;
    }

    public void setPublishTimeout(Duration publishTimeout) {
        this.publishTimeout = publishTimeout;
    }

    public org.apache.camel.spi.HeaderFilterStrategy getHeaderFilterStrategy() {
        return headerFilterStrategy;
    }

    public void setHeaderFilterStrategy(org.apache.camel.spi.HeaderFilterStrategy headerFilterStrategy) {
        this.headerFilterStrategy = headerFilterStrategy;
    }
}
