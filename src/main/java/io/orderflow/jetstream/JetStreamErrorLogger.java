package io.orderflow.jetstream;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends jnats' asynchronous errors to the application log instead of standard error, and reports missed
 * pull heartbeats: a pull that died with a server must be issued again.
 */
class JetStreamErrorLogger implements ErrorListener {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamErrorLogger.class);

    private final Runnable onPullLost;

    JetStreamErrorLogger(Runnable onPullLost) {
        this.onPullLost = onPullLost;
    }

    @Override
    public void heartbeatAlarm(Connection conn, io.nats.client.JetStreamSubscription sub, long lastStreamSequence,
                               long lastConsumerSequence) {
        LOG.warn("Missed JetStream pull heartbeats; pulling again");
        onPullLost.run();
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
