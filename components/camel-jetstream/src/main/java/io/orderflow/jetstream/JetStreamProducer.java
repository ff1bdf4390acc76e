package io.orderflow.jetstream;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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

    private JetStreamConnection connection;

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
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        Message message = exchange.getMessage();
        Object subject = message.removeHeader(JetStreamConstants.OVERRIDE_SUBJECT);
        String target = subject != null ? subject.toString() : getEndpoint().getSubject();
        CompletableFuture<PublishAck> ack;
        try {
            byte[] body = message.getMandatoryBody(byte[].class);
            PublishOptions.Builder options = PublishOptions.builder();
            String msgId = message.getHeader(JetStreamConstants.MSG_ID, String.class);
            if (msgId != null && !msgId.isBlank()) {
                options.messageId(msgId);
            }
            ack = connection.jetStream().publishAsync(target, natsHeaders(message, exchange), body, options.build());
        } catch (Exception e) {
            exchange.setException(new JetStreamPublishException(target, e));
            callback.done(true);
            return true;
        }
        ack.orTimeout(getEndpoint().getConfiguration().getPublishTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenComplete((published, failure) -> {
                    if (failure != null) {
                        exchange.setException(new JetStreamPublishException(target, failure));
                    } else {
                        message.setHeader(JetStreamConstants.STREAM_SEQUENCE, published.getSeqno());
                        message.setHeader(JetStreamConstants.DUPLICATE, published.isDuplicate());
                    }
                    callback.done(false);
                });
        return false;
    }

    /**
     * The headers the endpoint's header filter lets out: an exchange also carries what its route picked up
     * on the way (HTTP headers, the consumed message's NATS headers), which need not travel on.
     */
    private Headers natsHeaders(Message message, Exchange exchange) {
        HeaderFilterStrategy filter = getEndpoint().getHeaderFilterStrategy();
        Headers headers = null;
        for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
            String name = header.getKey();
            Object value = header.getValue();
            if (value == null || filter.applyFilterToCamelHeaders(name, value, exchange)) {
                continue;
            }
            if (headers == null) {
                headers = new Headers();
            }
            headers.put(name, value.toString());
        }
        return headers;
    }
}
