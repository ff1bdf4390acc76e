package io.orderflow.jetstream;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Not ready while the NATS connection is down: nothing can be consumed, published or stored then.
 * Liveness stays up, because restarting the process would not bring NATS back.
 */
public class JetStreamHealthCheck extends AbstractHealthCheck {

    private final JetStreamConnection connection;

    public JetStreamHealthCheck(JetStreamConnection connection) {
        super("camel", "jetstream");
        this.connection = connection;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("nats.url", connection.getRedactedUrl());
        if (connection.isConnected()) {
            builder.up();
        } else {
            builder.message("Not connected to NATS at " + connection.getRedactedUrl()).down();
        }
    }
}
