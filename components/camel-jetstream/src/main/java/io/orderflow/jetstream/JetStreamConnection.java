package io.orderflow.jetstream;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.nats.client.Connection;
import io.nats.client.ConnectionListener;
import io.nats.client.FetchConsumeOptions;
import io.nats.client.FetchConsumer;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.api.MessageInfo;
import io.nats.client.OrderedConsumerContext;
import io.nats.client.api.OrderedConsumerConfiguration;
import org.apache.camel.component.nats.NatsConfiguration;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one NATS connection of the process, shared by every JetStream endpoint, store and health check.
 * Connection and TLS options come from camel-nats' {@link NatsConfiguration}; this class adds what a
 * long-running service needs on top: it reconnects forever and remembers whether it is connected.
 */
public class JetStreamConnection extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(JetStreamConnection.class);

    private static final int OUTGOING_QUEUE = 65_536;
    /** JetStream's answer to a direct get past the last message. */
    private static final int NO_MESSAGE_FOUND = 10037;
    /**
     * JetStream's answers while a cluster forms or elects leaders: "temporarily unavailable", and "no suitable
     * peers for placement" for a replicated stream declared before enough nodes have joined.
     */
    private static final Set<Integer> NOT_READY_YET = Set.of(10008, 10005);
    private static final long FORCED_RECONNECT_INTERVAL = TimeUnit.SECONDS.toNanos(15);

    private final NatsConfiguration options = new NatsConfiguration();
    private Duration startupTimeout = Duration.ZERO;
    private String connectionName = "camel-jetstream";
    private final NatsIdentity identity = new NatsIdentity();
    private final List<Consumer<String>> pullLostListeners = new CopyOnWriteArrayList<>();
    private final AtomicLong lastForcedReconnect = new AtomicLong(System.nanoTime() - FORCED_RECONNECT_INTERVAL);
    private volatile Connection connection;
    private volatile JetStream jetStream;
    /** One for the connection's life: it remembers which streams allow direct gets, which each new one asks the server. */
    private volatile JetStreamManagement management;

    public JetStreamConnection() {
        options.setServers("nats://127.0.0.1:4222");
        options.setMaxReconnectAttempts(-1);
        options.setReconnectTimeWait(250);
    }

    public void setUrl(String url) {
        options.setServers(url);
    }

    public String getUrl() {
        return options.getServers();
    }

    /** The server URLs without the user and password some of them carry, for logs and health details. */
    public String getRedactedUrl() {
        return redacted(getUrl());
    }

    /** {@code text} with the user and password of every URL in it replaced by {@code ***}. */
    static String redacted(String text) {
        return text == null ? null : text.replaceAll("//[^/@,\\s\\]]*@", "//***@");
    }

    /** camel-nats' connection settings: TLS, credentials, timeouts, server list. */
    public NatsConfiguration getOptions() {
        return options;
    }

    /** How the server's monitoring names this client. */
    public void setConnectionName(String connectionName) {
        this.connectionName = connectionName;
    }

    /**
     * Who this client is to NATS and how it trusts the server: user and password, token, nkey seed file,
     * {@code .creds} file, TLS with a CA and a client certificate; each unset when blank.
     */
    public NatsIdentity getIdentity() {
        return identity;
    }

    /** How long start-up waits for NATS and JetStream before it fails; zero (the default) waits for ever. */
    public void setStartupTimeout(Duration startupTimeout) {
        this.startupTimeout = startupTimeout;
    }

    @Override
    protected void doStart() throws Exception {
        Options.Builder builder = options.createOptions();
        identity.applyTo(builder);
        Options natsOptions = builder
                .connectionName(connectionName)
                .maxReconnects(-1)
                // many exchanges in flight write at once, and more so right after a reconnect
                .maxMessagesInOutgoingQueue(OUTGOING_QUEUE)
                .connectionListener(this::onConnectionEvent)
                .errorListener(new JetStreamErrorLogger(this::pullLost))
                .build();
        connection = connectOnceJetStreamAnswers(natsOptions);
        jetStream = connection.jetStream();
        management = connection.jetStreamManagement();
    }

    /**
     * Connects, and waits until JetStream answers too: a server can accept connections while its JetStream is
     * still recovering (seen on a cluster after a node loss). Tries again with a growing pause, for ever when
     * {@code startupTimeout} is zero, saying each time what it waits for.
     */
    private Connection connectOnceJetStreamAnswers(Options natsOptions) throws InterruptedException, IOException {
        StartupWait wait = new StartupWait();
        Connection connected = null;
        while (true) {
            try {
                if (connected == null) {
                    connected = Nats.connect(natsOptions);
                }
                connected.jetStreamManagement().getAccountStatistics();
                return connected;
            } catch (IOException | JetStreamApiException e) {
                try {
                    wait.pauseOrGiveUp(connected == null ? "NATS" : "JetStream", e);
                } catch (IOException giveUp) {
                    if (connected != null) {
                        connected.close();
                    }
                    throw giveUp;
                }
            }
        }
    }

    /** A JetStream API request, such as declaring a stream. */
    @FunctionalInterface
    public interface JetStreamRequest<T> {
        T call() throws IOException, JetStreamApiException;
    }

    /**
     * Runs a start-up request, and again with a growing pause while it times out or JetStream says it is not
     * ready: a cluster that is forming, or lost a node, accepts connections and answers some requests before it
     * can place replicated streams or has elected the leaders the others need. Gives
     * up like the connection does, after the startup timeout (never when it is zero).
     */
    public <T> T awaitAnswer(String what, JetStreamRequest<T> request)
            throws IOException, JetStreamApiException, InterruptedException {
        StartupWait wait = new StartupWait();
        while (true) {
            try {
                return request.call();
            } catch (IOException e) {
                wait.pauseOrGiveUp(what, e);
            } catch (JetStreamApiException e) {
                if (!NOT_READY_YET.contains(e.getApiErrorCode())) {
                    throw e;
                }
                wait.pauseOrGiveUp(what, e);
            }
        }
    }

    /** How long start-up has waited, and the pause before it asks again. */
    private final class StartupWait {

        private final long started = System.nanoTime();
        private long pause = 250;
        private int attempt;

        /** Says what start-up waits for and pauses, or fails once the startup timeout has passed. */
        void pauseOrGiveUp(String what, Exception cause) throws IOException, InterruptedException {
            attempt++;
            Duration waited = Duration.ofNanos(System.nanoTime() - started);
            if (!startupTimeout.isZero() && waited.compareTo(startupTimeout) > 0) {
                throw new IOException("No " + what + " at " + getRedactedUrl() + " within " + startupTimeout + ": "
                        + redacted(cause.getMessage()) + ". Start a JetStream-enabled nats-server or fix the URL.");
            }
            LOG.warn("Waiting for {} at {} (attempt {}, {} s so far): {}", what, getRedactedUrl(), attempt,
                    waited.toSeconds(), redacted(cause.getMessage()));
            TimeUnit.MILLISECONDS.sleep(pause);
            pause = Math.min(pause * 2, 5_000);
        }
    }

    private void onConnectionEvent(Connection conn, ConnectionListener.Events event) {
        switch (event) {
            case DISCONNECTED -> LOG.warn("Disconnected from NATS; reconnecting");
            case RECONNECTED -> {
                LOG.info("Reconnected to NATS at {}", getRedactedUrl());
                pullLost(null);
            }
            default -> LOG.debug("NATS connection event {}", event);
        }
    }

    @Override
    protected void doStop() throws Exception {
        Connection current = connection;
        if (current != null) {
            current.close();
        }
    }

    /**
     * Tells {@code listener} the durable consumer whose pull requests were lost (missed heartbeats), or
     * null after a reconnection, which loses them all.
     */
    public void onPullLost(Consumer<String> listener) {
        pullLostListeners.add(listener);
    }

    public void removePullLostListener(Consumer<String> listener) {
        pullLostListeners.remove(listener);
    }

    private void pullLost(String consumerName) {
        pullLostListeners.forEach(listener -> listener.accept(consumerName));
    }

    /**
     * Passes a failed JetStream request's exception through, and renews the connection when the request
     * timed out although the connection says it is connected. Seen here after a nats-server restart
     * (nats-server 2.9.10, jnats 2.24.1, not understood yet): on some reconnected connections every
     * JetStream request timed out for good while a new connection worked. At most every 15 s.
     */
    public <E extends Exception> E checkTimeout(E failure) {
        String message = String.valueOf(failure.getMessage());
        long last = lastForcedReconnect.get();
        long now = System.nanoTime();
        if (message.contains("Timeout or no response") && isConnected() && now - last > FORCED_RECONNECT_INTERVAL
                && lastForcedReconnect.compareAndSet(last, now)) {
            LOG.warn("JetStream request timed out on a connected connection to {}; reconnecting", getRedactedUrl());
            try {
                connection.forceReconnect();
            } catch (IOException e) {
                LOG.warn("Forced reconnection failed: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return failure;
    }

    public boolean isConnected() {
        Connection current = connection;
        return current != null && current.getStatus() == Connection.Status.CONNECTED;
    }

    public Connection connection() {
        return connection;
    }

    public JetStream jetStream() {
        return jetStream;
    }

    public JetStreamManagement management() {
        return management;
    }

    /**
     * Reads a stream from its start, through an ordered consumer, handing each message to {@code visitor}
     * until it returns false or the messages stored now are read. {@code filterSubject} may be null. For tools
     * and an admin identity: it creates a consumer (the flows use {@link #readEach}).
     */
    public void scan(String stream, String filterSubject, Predicate<Message> visitor) throws IOException {
        try {
            OrderedConsumerConfiguration config = new OrderedConsumerConfiguration();
            if (filterSubject != null) {
                config.filterSubject(filterSubject);
            }
            OrderedConsumerContext reader = jetStream.getStreamContext(stream).createOrderedConsumer(config);
            int seen;
            do {
                seen = 0;
                try (FetchConsumer batch = reader.fetch(FetchConsumeOptions.builder().maxMessages(256).noWait().build())) {
                    Message message;
                    while ((message = batch.nextMessage()) != null) {
                        seen++;
                        if (!visitor.test(message)) {
                            return;
                        }
                    }
                }
            } while (seen > 0);
        } catch (IOException e) {
            throw checkTimeout(e);
        } catch (Exception e) {
            throw new IOException("Reading stream " + stream + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream from its start like {@link #scan}, one message after the other by direct gets: slower for a
     * long stream, but it creates no consumer. The flows read this way: a user that may create consumers could
     * name any deliver subject and have the server publish there for it, so the flows' users may not.
     */
    public void readEach(String stream, String filterSubject, Predicate<MessageInfo> visitor) throws IOException {
        String subject = filterSubject == null ? ">" : filterSubject;
        long sequence = 1;
        try {
            while (true) {
                MessageInfo message;
                try {
                    message = management().getNextMessage(stream, sequence, subject);
                } catch (JetStreamApiException e) {
                    if (e.getApiErrorCode() == NO_MESSAGE_FOUND) {
                        return;
                    }
                    throw e;
                }
                if (!visitor.test(message)) {
                    return;
                }
                sequence = message.getSeq() + 1;
            }
        } catch (IOException e) {
            throw checkTimeout(e);
        } catch (JetStreamApiException e) {
            throw new IOException("Reading stream " + stream + " failed: " + e.getMessage(), e);
        }
    }

    public KeyValue keyValue(String bucket) throws IOException {
        return connection.keyValue(bucket);
    }
}
