package io.orderflow.chaos;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * Hands the flows events they handled long ago, as a recreated consumer or an operator's replay would: after
 * the duplicate window, a copy of each sampled order's OrderCreated and PaymentAuthorized, with its own
 * Nats-Msg-Id. The flows must store, charge and email nothing new in answer.
 */
final class LateReplay {

    private final JetStreamConnection connection;

    LateReplay(JetStreamConnection connection) {
        this.connection = connection;
    }

    /** Re-publishes the sampled orders' inputs after {@code window}; answers the subjects it added a copy to. */
    Set<String> replay(List<String> orders, Duration window) throws Exception {
        TimeUnit.MILLISECONDS.sleep(window.toMillis() + 1_000);
        Set<String> copied = new HashSet<>();
        for (String order : orders) {
            copy("ORDERS", "orders.created." + order, copied);
            copy("PAYMENTS", "payments.authorized." + order, copied);
        }
        awaitHandled("ORDERS", "inventory-order-created");
        awaitHandled("PAYMENTS", "orders-payment-outcome");
        return copied;
    }

    /** Waits until the notification flow has handled every terminal event stored so far. */
    void awaitEmailsSent() throws Exception {
        awaitHandled("ORDERS", "notification-order-confirmed");
        awaitHandled("ORDERS", "notification-order-cancelled");
    }

    private void copy(String stream, String subject, Set<String> copied) throws Exception {
        MessageInfo original;
        try {
            original = connection.management().getLastMessage(stream, subject);
        } catch (JetStreamApiException none) {
            return;
        }
        Headers id = new Headers().put("Nats-Msg-Id", original.getHeaders().getFirst("Nats-Msg-Id"));
        connection.jetStream().publish(NatsMessage.builder().subject(subject).headers(id).data(original.getData()).build());
        copied.add(subject);
    }

    private void awaitHandled(String stream, String durable) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            ConsumerInfo consumer = connection.management().getConsumerInfo(stream, durable);
            if (consumer.getNumPending() == 0 && consumer.getNumAckPending() == 0) {
                TimeUnit.SECONDS.sleep(2);
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("durable " + durable + " on " + stream + " still had work after 2 minutes: the"
                + " replay's counts would include it");
    }
}
