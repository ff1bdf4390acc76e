package io.orderflow.jetstream;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.nats.client.ConsumeOptions;
import io.nats.client.IterableConsumer;
import io.nats.client.Message;
import io.nats.client.PublishOptions;
import io.nats.client.impl.Headers;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.spi.ExecutorServiceManager;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.DefaultConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulls from a durable consumer and keeps up to {@code maxInFlight} exchanges running on
 * {@code concurrentConsumers} threads. A message is acked only when its exchange completed (a dead-letter
 * channel that handled it counts as completed); a failed one is nak'ed with a growing delay, and after
 * {@code maxDeliver} deliveries it is published to the dead-letter subject with its reason and terminated.
 * Messages that run longer than a third of the ack wait get in-progress signals. The durable's MaxAckPending
 * is {@code maxInFlight}: the server never hands out more than can run at once, so a message that reaches
 * the client's pull buffer always finds a free place and starts at once, instead of waiting there while its
 * ack wait runs out.
 * <p>
 * Stopping stops fetching at once and returns: Camel's shutdown strategy, having stopped every route's
 * consumer first, then waits for the exchanges in flight (camel.main.shutdown-timeout). An exchange that is
 * still running when the process goes is neither acked nor nak'ed: the server redelivers it after its ack
 * wait, so it never runs in two places at once.
 */
public class JetStreamConsumer extends DefaultConsumer implements ShutdownAware {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamConsumer.class);
    /** Short pulls: a pull lost with a server is noticed through missed heartbeats within seconds. */
    private static final long PULL_EXPIRY = 5_000;
    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration GIVE_BACK_DELAY = Duration.ofMillis(PULL_EXPIRY + 1_000);

    private final JetStreamEndpoint endpoint;
    private final JetStreamConfiguration configuration;
    private final Map<Message, Long> inFlight = new ConcurrentHashMap<>();
    private final AtomicInteger waiting = new AtomicInteger();
    private Semaphore capacity;
    private JetStreamConnection connection;
    private ExecutorService workers;
    private ExecutorService fetcher;
    private ScheduledExecutorService progress;
    private volatile IterableConsumer messages;
    private volatile boolean fetching;
    private volatile boolean pullAgain;
    private final java.util.function.Consumer<String> onPullLost = this::pullLost;
    private JetStreamConsumerMetrics metrics;

    public JetStreamConsumer(JetStreamEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        connection = endpoint.getComponent().getOrCreateConnection();
        endpoint.declareDurable();
        ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();
        String name = "JetStream " + configuration.getDurable();
        if (workers == null) {
            capacity = new Semaphore(configuration.getMaxInFlight());
            workers = executors.newFixedThreadPool(this, name, configuration.getConcurrentConsumers());
            if (workers instanceof ThreadPoolExecutor pool) {
                // all threads from the start: a consumer's footprint does not creep up with its first bursts
                pool.prestartAllCoreThreads();
            }
            progress = executors.newSingleThreadScheduledExecutor(this, name + " progress");
            long tick = Math.max(100, configuration.getAckWait().toMillis() / 3);
            progress.scheduleAtFixedRate(this::signalProgress, tick, tick, TimeUnit.MILLISECONDS);
        }
        if (metrics == null) {
            metrics = JetStreamConsumerMetrics.bind(endpoint.getCamelContext(), connection, configuration, getRouteId(), progress);
        }
        fetcher = executors.newSingleThreadExecutor(this, name + " fetch");
        fetching = true;
        connection.onPullLost(onPullLost);
        fetcher.execute(this::fetchLoop);
    }

    private void fetchLoop() {
        while (fetching) {
            boolean holdingCapacity = false;
            try {
                if (pullAgain) {
                    // pull requests die with the server connection they were sent on: start a fresh iteration
                    // once JetStream answers again (reading the consumer fails until it does)
                    pullAgain = false;
                    stopIteration();
                    connection.management().getConsumerInfo(configuration.getStream(), configuration.getDurable());
                }
                if (messages == null) {
                    messages = connection.jetStream()
                            .getConsumerContext(configuration.getStream(), configuration.getDurable())
                            .iterate(ConsumeOptions.builder().batchSize(configuration.getBatchSize()).expiresIn(PULL_EXPIRY).build());
                }
                capacity.acquire();
                holdingCapacity = true;
                Message message = messages.nextMessage(POLL);
                if (message == null || !fetching) {
                    capacity.release();
                    if (message != null) {
                        giveBack(message);
                    }
                } else {
                    inFlight.put(message, System.nanoTime());
                    waiting.incrementAndGet();
                    try {
                        workers.execute(new Delivery(message));
                    } catch (RejectedExecutionException stopped) {
                        waiting.decrementAndGet();
                        inFlight.remove(message);
                        giveBack(message);
                        throw stopped;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (holdingCapacity) {
                    capacity.release();
                }
                LOG.warn("Consumer {} on stream {} cannot fetch ({}); retrying", configuration.getDurable(),
                        configuration.getStream(), e.toString());
                connection.checkTimeout(e);
                restartIterationAfterPause();
            }
        }
    }

    /** A reconnection (null) or missed heartbeats of this durable: its pull requests are gone. */
    private void pullLost(String consumer) {
        if (consumer == null || consumer.equals(configuration.getDurable())) {
            pullAgain = true;
        }
    }

    private void stopIteration() {
        IterableConsumer current = messages;
        messages = null;
        if (current != null) {
            current.stop();
        }
    }

    private void restartIterationAfterPause() {
        stopIteration();
        try {
            TimeUnit.SECONDS.sleep(1);
            endpoint.declareDurable();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.debug("Consumer {} not recreated yet: {}", configuration.getDurable(), e.toString());
        }
    }

    /** A fetched message on its way to a worker thread; shutdown gives back the ones that never got one. */
    private final class Delivery implements Runnable {
        private final Message message;

        Delivery(Message message) {
            this.message = message;
        }

        @Override
        public void run() {
            waiting.decrementAndGet();
            process(message);
        }
    }

    private void process(Message message) {
        Exchange exchange = createExchange(false);
        try {
            org.apache.camel.Message in = exchange.getIn();
            in.setBody(message.getData());
            copyHeaders(message, exchange);
            in.setHeader(JetStreamConstants.SUBJECT, message.getSubject());
            long deliveries = message.metaData().deliveredCount();
            if (metrics != null) {
                metrics.received(deliveries);
            }
            in.setHeader(JetStreamConstants.DELIVERY_COUNT, deliveries);
            in.setHeader(JetStreamConstants.STREAM_SEQUENCE, message.metaData().streamSequence());
            in.setHeader(JetStreamConstants.STREAM, configuration.getStream());
            getAsyncProcessor().process(exchange, doneSync -> complete(message, exchange));
        } catch (Throwable e) {
            exchange.setException(e);
            complete(message, exchange);
        }
    }

    /** What the header filter lets in, and the trace context headers always: a tracer continues the trace from them. */
    private void copyHeaders(Message message, Exchange exchange) {
        Headers headers = message.getHeaders();
        if (headers != null) {
            HeaderFilterStrategy filter = endpoint.getHeaderFilterStrategy();
            for (String key : headers.keySet()) {
                String value = headers.getFirst(key);
                if (JetStreamProducer.isTraceContext(key) || !filter.applyFilterToExternalHeaders(key, value, exchange)) {
                    exchange.getIn().setHeader(key, value);
                }
            }
        }
    }

    private void complete(Message message, Exchange exchange) {
        boolean releasedLater = false;
        try {
            if (exchange.getException() == null && !exchange.isRollbackOnly()) {
                message.ack();
                if (metrics != null) {
                    metrics.acked();
                }
            } else {
                releasedLater = failed(message, exchange);
            }
        } catch (RuntimeException notSent) {
            // the connection is gone or saturated: the server redelivers after the ack wait
            LOG.warn("{}: ack or nak of {} not sent ({})", configuration.getDurable(), message.getSubject(), notSent.toString());
        } finally {
            if (!releasedLater) {
                release(message, exchange);
            }
        }
    }

    /** Naks, or dead-letters after the last delivery; true when the dead-lettering releases the message later. */
    private boolean failed(Message message, Exchange exchange) {
        long deliveries = message.metaData().deliveredCount();
        Throwable failure = exchange.getException();
        while (failure instanceof RuntimeCamelException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        String reason = failure != null ? failure.toString() : "exchange rolled back";
        if (configuration.getMaxDeliver() > 0 && deliveries >= configuration.getMaxDeliver()) {
            deadLetter(message, reason, deliveries, exchange);
            return true;
        }
        Duration delay = nakDelay(deliveries);
        LOG.warn("{} delivery {} of {} failed ({}); redelivery in {} ms", configuration.getDurable(), deliveries,
                message.getSubject(), reason, delay.toMillis());
        message.nakWithDelay(delay);
        if (metrics != null) {
            metrics.retried();
        }
        return false;
    }

    Duration nakDelay(long deliveries) {
        long base = configuration.getNackWait().toMillis();
        long shift = Math.min(Math.max(deliveries - 1, 0), 20);
        return Duration.ofMillis(Math.min(base << shift, configuration.getMaxNackWait().toMillis()));
    }

    private void deadLetter(Message message, String reason, long deliveries, Exchange exchange) {
        String flow = getRouteId() != null ? getRouteId() : configuration.getDurable();
        String deadLetterSubject = configuration.getDeadLetterSubject() != null ? configuration.getDeadLetterSubject() : "dlq." + flow;
        Headers headers = message.getHeaders() != null ? new Headers(message.getHeaders()) : new Headers();
        headers.remove("Nats-Msg-Id");
        String prefix = configuration.getDeadLetterHeaderPrefix();
        headers.put(prefix + JetStreamConstants.DEAD_LETTER_REASON, reason);
        headers.put(prefix + JetStreamConstants.DEAD_LETTER_FLOW, flow);
        headers.put(prefix + JetStreamConstants.DEAD_LETTER_SUBJECT, message.getSubject());
        headers.put(prefix + JetStreamConstants.DEAD_LETTER_ATTEMPTS, Long.toString(deliveries));
        LOG.error("{}: {} failed {} deliveries ({}); dead-lettering to {}", flow, message.getSubject(), deliveries, reason,
                deadLetterSubject);
        // one dead letter per message, even when the publish ack was lost and this runs again
        PublishOptions once = PublishOptions.builder()
                .messageId(deadLetterId(message.getSubject(), message.metaData().streamSequence())).build();
        connection.jetStream().publishAsync(deadLetterSubject, headers, message.getData(), once)
                .orTimeout(configuration.getPublishTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((ack, error) -> {
                    try {
                        if (error == null) {
                            message.term();
                            if (metrics != null) {
                                metrics.deadLettered();
                            }
                        } else {
                            LOG.warn("{}: dead-lettering failed ({}); the message will be redelivered", flow, error.toString());
                            message.nakWithDelay(configuration.getMaxNackWait());
                        }
                    } catch (RuntimeException notSent) {
                        LOG.warn("{}: term or nak of {} not sent ({})", flow, message.getSubject(), notSent.toString());
                    } finally {
                        release(message, exchange);
                    }
                });
    }

    /** The id of the dead letter of the message stored at {@code sequence} under {@code subject}. */
    public static String deadLetterId(String subject, long sequence) {
        return "dead-letter-" + subject + "-" + sequence;
    }

    private void release(Message message, Exchange exchange) {
        inFlight.remove(message);
        capacity.release();
        releaseExchange(exchange, false);
    }

    private void signalProgress() {
        if (!connection.isConnected()) {
            // signals would only fill the outgoing queue; the server keeps the messages for their ack wait
            return;
        }
        long threshold = System.nanoTime() - configuration.getAckWait().toNanos() / 3;
        try {
            inFlight.forEach((message, started) -> {
                if (started < threshold) {
                    message.inProgress();
                }
            });
        } catch (RuntimeException notSent) {
            // an exception would end this periodic task for good
            LOG.warn("{}: in-progress signals not sent ({})", configuration.getDurable(), notSent.toString());
        }
    }

    @Override
    protected void doStop() throws Exception {
        fetching = false;
        if (connection != null) {
            connection.removePullLostListener(onPullLost);
        }
        IterableConsumer current = messages;
        if (current != null) {
            current.stop();
        }
        if (fetcher != null) {
            endpoint.getCamelContext().getExecutorServiceManager().shutdownGraceful(fetcher, 5_000);
        }
        if (current != null) {
            returnBufferedMessages(current);
        }
        messages = null;
        super.doStop();
    }

    /**
     * A message fetched but not started, once stopping began. A plain nak would have the server hand it at once
     * to the pull request still open (stopping sends no new one, but the last lives until it expires), back into
     * this stopped consumer, again and again; delayed past that pull's expiry, it goes to whoever pulls next.
     */
    private static void giveBack(Message message) {
        message.nakWithDelay(GIVE_BACK_DELAY);
    }

    /** Messages pulled but not started go back to the server instead of waiting for the ack wait. */
    private void returnBufferedMessages(IterableConsumer stopped) {
        try {
            Message buffered;
            while ((buffered = stopped.nextMessage(Duration.ofMillis(50))) != null) {
                giveBack(buffered);
            }
        } catch (Exception e) {
            LOG.debug("Stopped consumer {}: {}", configuration.getDurable(), e.toString());
        }
    }

    @Override
    protected void doShutdown() throws Exception {
        ExecutorServiceManager executors = endpoint.getCamelContext().getExecutorServiceManager();
        if (progress != null) {
            executors.shutdownNow(progress);
        }
        if (workers != null) {
            for (Runnable neverStarted : executors.shutdownNow(workers)) {
                if (neverStarted instanceof Delivery delivery) {
                    inFlight.remove(delivery.message);
                    giveBack(delivery.message);
                }
            }
            workers = null;
        }
        if (!inFlight.isEmpty()) {
            LOG.warn("{}: {} messages still running at shutdown; the server redelivers them after the ack wait",
                    configuration.getDurable(), inFlight.size());
            inFlight.clear();
        }
        if (metrics != null) {
            metrics.close();
            metrics = null;
        }
        super.doShutdown();
    }

    /** Messages handed to the worker pool whose exchange has not begun: Camel's shutdown waits for them too. */
    @Override
    public int getPendingExchangesSize() {
        return waiting.get();
    }

    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        // stopping fetches nothing more; the exchanges in flight finish on their own
    }
}
