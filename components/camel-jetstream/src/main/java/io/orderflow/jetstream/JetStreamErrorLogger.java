package io.orderflow.jetstream;

import java.util.function.Consumer;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends jnats' asynchronous errors to the application log instead of standard error, and names the
 * consumer whose pull missed its heartbeats: that pull died with a server and must be issued again.
 */
class JetStreamErrorLogger implements ErrorListener {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamErrorLogger.class);

    private final Consumer<String> onPullLost;

    JetStreamErrorLogger(Consumer<String> onPullLost) {
        this.onPullLost = onPullLost;
    }

    @Override
    public void heartbeatAlarm(Connection conn, io.nats.client.JetStreamSubscription sub, long lastStreamSequence,
                               long lastConsumerSequence) {
        LOG.debug("Missed JetStream pull heartbeats of consumer {}", sub.getConsumerName());
        onPullLost.accept(sub.getConsumerName());
    }

    @Override
    public void errorOccurred(Connection conn, String error) {
        LOG.warn("NATS server error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        LOG.warn("NATS connection exception: {}", exp.toString());
    }
}
