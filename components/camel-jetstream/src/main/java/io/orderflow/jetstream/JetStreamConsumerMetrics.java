package io.orderflow.jetstream;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.nats.client.api.ConsumerInfo;
import io.nats.client.api.MessageInfo;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one durable consumer did and what waits for it, in the application's Micrometer registry: messages by
 * outcome and redeliveries as counted here, and the durable's pending, ack-pending and oldest unacked message
 * as the server reports them. Every replica sharing the durable reports the same server figures.
 * <p>
 * The server figures are read in the background when a scrape finds them older than a second (on the consumer's
 * own scheduler thread, one read at a time): a scrape answers at once with the last figures read, NaN once a read
 * failed (NATS away), and never waits for NATS.
 */
final class JetStreamConsumerMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamConsumerMetrics.class);
    private static final long REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private final MeterRegistry registry;
    private final JetStreamConnection connection;
    private final JetStreamConfiguration configuration;
    private final Counter acked;
    private final Counter retried;
    private final Counter deadLettered;
    private final Counter redeliveries;
    private final List<Meter> meters;
    private final Executor refresher;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile long readAt = System.nanoTime() - REFRESH_NANOS;
    private volatile double pending = Double.NaN;
    private volatile double ackPending = Double.NaN;
    private volatile double oldestUnackedAge = Double.NaN;

    /** The consumer's metrics, or null when the application has no Micrometer registry (or no Micrometer at all). */
    static JetStreamConsumerMetrics bind(CamelContext context, JetStreamConnection connection, JetStreamConfiguration configuration,
            String routeId, Executor refresher) {
        if (context.getClassResolver().resolveClass("io.micrometer.core.instrument.MeterRegistry") == null) {
            return null;
        }
        MeterRegistry registry = context.getRegistry().findSingleByType(MeterRegistry.class);
        return registry == null ? null : new JetStreamConsumerMetrics(registry, connection, configuration, routeId, refresher);
    }

    private JetStreamConsumerMetrics(MeterRegistry registry, JetStreamConnection connection, JetStreamConfiguration configuration,
            String routeId, Executor refresher) {
        this.registry = registry;
        this.refresher = refresher;
        this.connection = connection;
        this.configuration = configuration;
        Tags durable = Tags.of("stream", configuration.getStream(), "durable", configuration.getDurable());
        Tags route = durable.and("route", routeId == null ? "" : routeId);
        acked = outcome(route, "acked");
        retried = outcome(route, "retried");
        deadLettered = outcome(route, "dead_lettered");
        redeliveries = Counter.builder("jetstream.consumer.redeliveries").tags(route)
                .description("Messages this process received again after an earlier delivery").register(registry);
        meters = List.of(acked, retried, deadLettered, redeliveries,
                Gauge.builder("jetstream.consumer.pending", this, m -> m.read().pending).tags(durable).baseUnit("messages")
                        .description("Messages stored for the durable and not delivered yet").strongReference(true).register(registry),
                Gauge.builder("jetstream.consumer.ack.pending", this, m -> m.read().ackPending).tags(durable).baseUnit("messages")
                        .description("Messages delivered to the durable and not acked yet").strongReference(true).register(registry),
                Gauge.builder("jetstream.consumer.oldest.unacked.age", this, m -> m.read().oldestUnackedAge).tags(durable)
                        .baseUnit("seconds").description("Age of the oldest message the durable has not acked (0: none)")
                        .strongReference(true).register(registry));
    }

    private Counter outcome(Tags route, String outcome) {
        return Counter.builder("jetstream.consumer.messages").tags(route).tag("outcome", outcome)
                .description("Messages whose handling ended: acked, nak'ed for a retry, or dead-lettered").register(registry);
    }

    void acked() {
        acked.increment();
    }

    void retried() {
        retried.increment();
    }

    void deadLettered() {
        deadLettered.increment();
    }

    void received(long deliveredCount) {
        if (deliveredCount > 1) {
            redeliveries.increment();
        }
    }

    /** Takes the meters out of the registry: a stopped route's durable is not reported as if it were read. */
    void close() {
        meters.forEach(registry::remove);
    }

    /** The last figures read; a read starts in the background when they are older than a second. */
    private JetStreamConsumerMetrics read() {
        if (System.nanoTime() - readAt >= REFRESH_NANOS && refreshing.compareAndSet(false, true)) {
            try {
                refresher.execute(this::load);
            } catch (RejectedExecutionException stopped) {
                refreshing.set(false);
            }
        }
        return this;
    }

    private void load() {
        try {
            ConsumerInfo info = connection.management().getConsumerInfo(configuration.getStream(), configuration.getDurable());
            pending = info.getNumPending();
            ackPending = info.getNumAckPending();
            oldestUnackedAge = info.getNumPending() + info.getNumAckPending() == 0 ? 0 : ageOfFirstUnacked(info);
        } catch (Exception e) {
            LOG.debug("{}: consumer figures not read ({})", configuration.getDurable(), e.toString());
            pending = ackPending = oldestUnackedAge = Double.NaN;
        } finally {
            readAt = System.nanoTime();
            refreshing.set(false);
        }
    }

    /** The first message after the ack floor that the durable's filter selects is the oldest it has not acked. */
    private double ageOfFirstUnacked(ConsumerInfo info) throws Exception {
        String filter = info.getConsumerConfiguration().getFilterSubject();
        MessageInfo first = connection.management().getNextMessage(configuration.getStream(),
                info.getAckFloor().getStreamSequence() + 1, filter == null ? ">" : filter);
        return Math.max(0, Duration.between(first.getTime(), ZonedDateTime.now()).toMillis() / 1000.0);
    }
}
