package io.orderflow.observability;

import java.io.IOException;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.orderflow.deadletter.DeadLetters;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.jetstream.JetStreamConstants;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The business figures an operator alerts on, counted where the routes store an event: an event counts once,
 * when its subject first holds it, however often its handler runs. Orders accepted, confirmed and cancelled
 * by reason; payment decisions and failures with how long the payment step took; dead letters written and
 * how full the dead-letter stream is.
 */
public class OrderMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(OrderMetrics.class);
    private static final Duration[] PAYMENT_BUCKETS = {
        Duration.ofMillis(100), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(3)};
    private static final long USAGE_REFRESH_NANOS = Duration.ofSeconds(1).toNanos();

    private final MeterRegistry registry;
    private final DeadLetters deadLetters;
    private final Map<EventType, Counter> stored = new EnumMap<>(EventType.class);
    private final Counter accepted;
    private final Counter confirmed;
    private final Counter outOfStock;
    private final Counter paymentDeclined;
    private final Timer paymentAuthorized;
    private final Timer paymentRefused;
    private final Timer paymentFailed;
    private final ExecutorService usageReader = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "Orderflow dead-letter usage");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean readingUsage = new AtomicBoolean();
    private volatile long usageReadAt = System.nanoTime() - USAGE_REFRESH_NANOS;
    private volatile Map<String, Object> usage = Map.of();

    public OrderMetrics(MeterRegistry registry, DeadLetters deadLetters) {
        this.registry = registry;
        this.deadLetters = deadLetters;
        for (EventType type : EventType.values()) {
            stored.put(type, Counter.builder("orderflow.events.stored").tag("type", type.typeName())
                    .description("Events stored, each once however often its handler ran").register(registry));
        }
        accepted = Counter.builder("orderflow.orders.accepted").description("Orders whose OrderCreated was stored").register(registry);
        confirmed = Counter.builder("orderflow.orders.confirmed").description("Orders confirmed").register(registry);
        outOfStock = cancelled("out_of_stock");
        paymentDeclined = cancelled("payment_declined");
        paymentAuthorized = paymentTimer("authorized");
        paymentRefused = paymentTimer("declined");
        paymentFailed = paymentTimer("failed");
        deadLetterGauge("orderflow.dead.letter.stream.messages", "messages", "Dead letters waiting for an operator");
        deadLetterGauge("orderflow.dead.letter.stream.bytes", "bytes", "Bytes the dead-letter stream holds");
        deadLetterGauge("orderflow.dead.letter.stream.max.bytes", "max_bytes", "The dead-letter stream's byte limit (0: none)");
    }

    private Counter cancelled(String reason) {
        return Counter.builder("orderflow.orders.cancelled").tag("reason", reason).description("Orders cancelled").register(registry);
    }

    private Timer paymentTimer(String status) {
        // the original design's histogram: seconds from the reserved order to the gateway's decision, by status
        return Timer.builder("payment.process.duration").tag("status", status).serviceLevelObjectives(PAYMENT_BUCKETS)
                .description("Time the payment step took for an order, by outcome").register(registry);
    }

    private void deadLetterGauge(String name, String figure, String description) {
        ToDoubleFunction<OrderMetrics> read = m -> m.deadLetterUsage().get(figure) instanceof Number n ? n.doubleValue() : Double.NaN;
        Gauge.builder(name, this, read).description(description).strongReference(true).register(registry);
    }

    /** After a publish: counts the event unless its subject already held it (CamelJetStreamDuplicate). */
    public void eventStored(Message message) {
        if (message.getHeader(JetStreamConstants.DUPLICATE, false, Boolean.class)) {
            return;
        }
        String subject = message.getHeader(JetStreamConstants.PUBLISHED_SUBJECT, String.class);
        EventType type = subject == null ? null : EventType.fromSubject(subject).orElse(null);
        if (type == null) {
            return;
        }
        stored.get(type).increment();
        switch (type) {
            case ORDER_CREATED -> accepted.increment();
            case ORDER_CONFIRMED -> confirmed.increment();
            case ORDER_CANCELLED -> cancelledFor(Event.parse(message.getBody(byte[].class))).increment();
            default -> { }
        }
    }

    private Counter cancelledFor(Event cancelled) {
        return cancelled.data().path("reason").asText().startsWith("out of stock") ? outOfStock : paymentDeclined;
    }

    /** The payment step decided (or found its earlier decision): its time since the event arrived, by outcome. */
    public void paymentDecided(Event outcome, Exchange exchange) {
        Timer timer = outcome.eventType() == EventType.PAYMENT_AUTHORIZED ? paymentAuthorized : paymentRefused;
        timer.record(Duration.ofMillis(exchange.getClock().elapsed()));
    }

    /** The gateway gave no decision (failed, timed out, breaker open): counted, then the failure goes on as it was. */
    public void paymentFailed(Exchange exchange) throws Exception {
        paymentFailed.record(Duration.ofMillis(exchange.getClock().elapsed()));
        Exception failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (failure != null) {
            throw failure;
        }
    }

    /**
     * The routes' dead-letter channel wrote a dead letter for {@code flow} (a route id); not when the stream already
     * held it (the channel ran again after a lost publish ack).
     */
    public void deadLettered(String flow, Boolean alreadyStored) {
        if (Boolean.TRUE.equals(alreadyStored)) {
            return;
        }
        Counter.builder("orderflow.dead.letters.written").tag("flow", flow == null ? "" : flow)
                .description("Dead letters the flows' dead-letter channel wrote").register(registry).increment();
    }

    /**
     * The dead-letter stream's last figures read; a read starts in the background when they are older than a
     * second, so that a scrape never waits for NATS (empty, so NaN, once a read failed).
     */
    private Map<String, Object> deadLetterUsage() {
        if (System.nanoTime() - usageReadAt >= USAGE_REFRESH_NANOS && readingUsage.compareAndSet(false, true)) {
            usageReader.execute(() -> {
                try {
                    usage = deadLetters.usage();
                } catch (IOException | RuntimeException e) {
                    LOG.debug("Dead-letter stream not read: {}", e.toString());
                    usage = Map.of();
                } finally {
                    usageReadAt = System.nanoTime();
                    readingUsage.set(false);
                }
            });
        }
        return usage;
    }
}
