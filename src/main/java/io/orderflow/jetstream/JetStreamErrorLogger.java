package io.orderflow.jetstream;

import io.nats.client.Connection;
import io.nats.client.ErrorListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends jnats' asynchronous errors to the application log instead of standard error. */
class JetStreamErrorLogger implements ErrorListener {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamErrorLogger.class);

    @Override
    public void errorOccurred(Connection conn, String error) {
        LOG.warn("NATS server error: {}", error);
    }

    @Override
    public void exceptionOccurred(Connection conn, Exception exp) {
        LOG.warn("NATS connection exception: {}", exp.toString());
    }
}
