package io.orderflow.load;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.ConsumerInfo;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * What every durable consumer on the server still has to do (messages not yet delivered plus delivered and
 * not yet acked): the step with the largest backlog is the one that limits the pipeline.
 */
final class Backlog implements AutoCloseable {

    private final JetStreamConnection connection = new JetStreamConnection();

    Backlog(String natsUrl) throws Exception {
        connection.setUrl(natsUrl);
        connection.start();
    }

    Map<String, Long> byConsumer() {
        try {
            return read(connection.management());
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot read the consumers' backlog: " + e.getMessage(), e);
        }
    }

    private static Map<String, Long> read(JetStreamManagement management) throws IOException, JetStreamApiException {
        Map<String, Long> backlog = new TreeMap<>();
        for (String stream : management.getStreamNames()) {
            for (ConsumerInfo consumer : management.getConsumers(stream)) {
                if (consumer.getConsumerConfiguration().getDurable() != null) {
                    backlog.put(consumer.getName(), consumer.getNumPending() + consumer.getNumAckPending());
                }
            }
        }
        return backlog;
    }

    /** Waits until no durable consumer has anything left, so that the next phase starts from an idle system. */
    void awaitIdle(Duration atMost) throws Exception {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (byConsumer().values().stream().mapToLong(Long::longValue).sum() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IOException("the system did not catch up within " + atMost + ": " + byConsumer());
            }
            Thread.sleep(500);
        }
    }

    @Override
    public void close() throws Exception {
        connection.stop();
    }
}
