package io.orderflow.load;

import java.io.IOException;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;

import io.nats.client.Connection;
import io.nats.client.Dispatcher;
import io.nats.client.ErrorListener;
import io.nats.client.JetStreamApiException;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PushSubscribeOptions;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Matches each order the load generator placed with its terminal event (OrderConfirmed or OrderCancelled),
 * read from the ORDERS stream itself: an order's latency runs from the moment its POST was sent to the
 * time JetStream stored its terminal event. Either may be seen first.
 */
final class OrderOutcomes implements AutoCloseable {

    /** One order seen on one side so far: sent and waiting for its end, or ended before its POST answered. */
    private record Seen(long sentNanos, long endedNanos, boolean confirmed) {
    }

    private final Map<String, Seen> waiting = new ConcurrentHashMap<>();
    /** Microseconds, up to an hour. */
    private final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong cancelled = new AtomicLong();
    private final AtomicLong lastEndNanos = new AtomicLong();
    private final LongConsumer endedLatencyMicros;
    private final Connection connection;

    /** {@code endedLatencyMicros} hears each order's latency as it ends, on the thread that matched it. */
    OrderOutcomes(String natsUrl, LongConsumer endedLatencyMicros)
            throws IOException, InterruptedException, JetStreamApiException {
        this.endedLatencyMicros = endedLatencyMicros;
        connection = Nats.connect(Options.builder().server(natsUrl).connectionName("orderflow-load")
                // the default listener logs every flow-control message of the subscription
                .errorListener(new ErrorListener() { }).build());
        Dispatcher dispatcher = connection.createDispatcher();
        // an ordered consumer: no durable state left behind on the server, and no gaps
        connection.jetStream().subscribe("orders.*.*", dispatcher, this::event, true,
                PushSubscribeOptions.builder().stream("ORDERS").ordered(true)
                        .configuration(ConsumerConfiguration.builder().deliverPolicy(DeliverPolicy.New).build())
                        .build());
    }

    private void event(Message message) {
        String[] subject = message.getSubject().split("\\.");
        boolean isConfirmed = subject[1].equals("confirmed");
        if (isConfirmed || subject[1].equals("cancelled")) {
            ended(subject[2], epochNanos(message.metaData().timestamp()), isConfirmed);
        }
    }

    void accepted(String orderId, long sentNanos) {
        waiting.compute(orderId, (id, seen) -> {
            if (seen == null) {
                return new Seen(sentNanos, 0, false);
            }
            record(sentNanos, seen.endedNanos(), seen.confirmed());
            return null;
        });
    }

    private void ended(String orderId, long endedNanos, boolean isConfirmed) {
        waiting.compute(orderId, (id, seen) -> {
            if (seen == null) {
                return new Seen(0, endedNanos, isConfirmed);
            }
            if (seen.sentNanos() == 0) {
                // a second terminal event for one order: the ledger of a chaos run counts these, not a load run
                return seen;
            }
            record(seen.sentNanos(), endedNanos, isConfirmed);
            return null;
        });
    }

    private void record(long sentNanos, long endedNanos, boolean isConfirmed) {
        long micros = Math.max(0, (endedNanos - sentNanos) / 1_000);
        latency.recordValue(micros);
        endedLatencyMicros.accept(micros);
        (isConfirmed ? confirmed : cancelled).incrementAndGet();
        lastEndNanos.accumulateAndGet(endedNanos, Math::max);
    }

    long confirmed() {
        return confirmed.get();
    }

    long cancelled() {
        return cancelled.get();
    }

    long ended() {
        return confirmed.get() + cancelled.get();
    }

    long lastEndNanos() {
        return lastEndNanos.get();
    }

    Histogram latency() {
        return latency.copy();
    }

    static long epochNanos(ZonedDateTime time) {
        return time.toEpochSecond() * 1_000_000_000L + time.getNano();
    }

    @Override
    public void close() throws InterruptedException {
        connection.close();
    }
}
