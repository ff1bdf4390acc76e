package io.orderflow.jetstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.nats.client.JetStreamApiException;
import io.nats.client.PublishOptions;
import io.nats.client.api.PublishAck;
import io.nats.client.impl.Headers;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * Publishes without holding a thread: the exchange continues when JetStream's ack arrives and fails
 * with {@link JetStreamPublishException} when it does not arrive within {@code publishTimeout}.
 */
public class JetStreamProducer extends DefaultAsyncProducer {

    /** JetStream's "wrong last sequence". */
    private static final int WRONG_LAST_SEQUENCE = 10071;

    private JetStreamConnection connection;
    /**
     * Where an exchange continues once its publish ack arrived. jnats completes acks on its own connection
     * thread; a route that made a blocking NATS request there (a KV read, a direct get) would wait for a
     * reply that the same thread has to deliver, and time out.
     */
    private ExecutorService continuations;

    public JetStreamProducer(JetStreamEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public JetStreamEndpoint getEndpoint() {
        return (JetStreamEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        connection = getEndpoint().getComponent().getOrCreateConnection();
        continuations = getEndpoint().getCamelContext().getExecutorServiceManager()
                .newCachedThreadPool(this, "JetStream published " + getEndpoint().getSubject());
    }

    @Override
    protected void doStop() throws Exception {
        getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(continuations);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        Object subject = message.removeHeader(JetStreamConstants.OVERRIDE_SUBJECT);
        String target = subject != null ? subject.toString() : getEndpoint().getSubject();
        CompletableFuture<PublishAck> ack;
        // used once, like the override subject: a later publish of the same exchange must not inherit them
        Long expected = message.getHeader(JetStreamConstants.EXPECTED_LAST_SUBJECT_SEQUENCE, Long.class);
        message.removeHeader(JetStreamConstants.EXPECTED_LAST_SUBJECT_SEQUENCE);
        try {
            byte[] body = message.getMandatoryBody(byte[].class);
            PublishOptions.Builder options = PublishOptions.builder();
            String msgId = message.getHeader(JetStreamConstants.MSG_ID, String.class);
            message.removeHeader(JetStreamConstants.MSG_ID);
            if (msgId != null && !msgId.isBlank()) {
                options.messageId(msgId);
            }
            if (expected != null) {
                options.expectedLastSubjectSequence(expected);
            }
            ack = connection.jetStream().publishAsync(target, natsHeaders(message, exchange), body, options.build());
        } catch (Exception e) {
            exchange.setException(new JetStreamPublishException(target, e));
            callback.done(true);
            return true;
        }
        ack.orTimeout(getEndpoint().getConfiguration().getPublishTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((published, failure) -> {
                    if (failure != null) {
                        exchange.setException(refused(failure, expected)
                                ? new JetStreamExpectationFailedException(target, expected, failure)
                                : new JetStreamPublishException(target, failure));
                    } else {
                        message.setHeader(JetStreamConstants.STREAM, published.getStream());
                        message.setHeader(JetStreamConstants.STREAM_SEQUENCE, published.getSeqno());
                        message.setHeader(JetStreamConstants.DUPLICATE, published.isDuplicate());
                        message.setHeader(JetStreamConstants.PUBLISHED_SUBJECT, target);
                    }
                    callback.done(false);
                }, this::continueExchange);
        return false;
    }

    /** On this producer's threads; once it is stopped, on the acking thread, so that no exchange is left hanging. */
    private void continueExchange(Runnable continuation) {
        try {
            continuations.execute(continuation);
        } catch (RejectedExecutionException stopped) {
            continuation.run();
        }
    }

    /** JetStream's answer to a publish whose expected last subject sequence did not match. */
    private static boolean refused(Throwable failure, Long expected) {
        for (Throwable cause = failure; expected != null && cause != null; cause = cause.getCause()) {
            if (cause instanceof JetStreamApiException api) {
                return api.getApiErrorCode() == WRONG_LAST_SEQUENCE;
            }
        }
        return false;
    }

    /**
     * The headers the endpoint's header filter lets out: an exchange also carries what its route picked up
     * on the way (HTTP headers, the consumed message's NATS headers), which need not travel on. The trace
     * context headers always go out, so that a strategy written for business headers cannot cut a trace.
     */
    private Headers natsHeaders(Message message, Exchange exchange) {
        HeaderFilterStrategy filter = getEndpoint().getHeaderFilterStrategy();
        Headers headers = null;
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (value == null || !isTraceContext(name) && filter.applyFilterToCamelHeaders(name, value, exchange)) {
                continue;
            }
            if (headers == null) {
                headers = new Headers();
            }
            headers.put(name, value.toString());
        }
        return headers;
    }

    static boolean isTraceContext(String header) {
        for (String name : JetStreamConstants.TRACE_CONTEXT_HEADERS) {
            if (name.equalsIgnoreCase(header)) {
                return true;
            }
        }
        return false;
    }
}
