package io.orderflow.jetstream;

import org.apache.camel.support.DefaultHeaderFilterStrategy;

/**
 * The default header filter: Camel's own headers stay in the route, and so do NATS' {@code Nats-*} headers
 * on the way out, because JetStream acts on them (a consumed {@code Nats-Msg-Id} carried into the next
 * publish would make JetStream drop it as a duplicate). The message id is set with
 * {@link JetStreamConstants#MSG_ID} instead. Whatever a strategy says, the producer and the consumer map the
 * {@link JetStreamConstants#TRACE_CONTEXT_HEADERS trace context headers}.
 */
public class JetStreamHeaderFilterStrategy extends DefaultHeaderFilterStrategy {

    public JetStreamHeaderFilterStrategy() {
        setOutFilterStartsWith("Camel", "camel", "org.apache.camel.", "Nats-");
        setInFilterStartsWith(CAMEL_FILTER_STARTS_WITH);
    }
}
