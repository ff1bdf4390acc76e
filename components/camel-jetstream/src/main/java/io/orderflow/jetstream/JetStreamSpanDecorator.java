package io.orderflow.jetstream;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.telemetry.Span;
import org.apache.camel.telemetry.TagConstants;
import org.apache.camel.telemetry.decorators.AbstractMessagingSpanDecorator;

/**
 * Messaging spans for {@code jetstream:} endpoints, for tracers on Camel's telemetry SPI (camel-opentelemetry2):
 * a consumer span {@code process <filter>} and a producer span {@code send <subject>}, with the subject the message
 * was consumed from or published to, its stream, the durable and the delivery count. Found through
 * {@code META-INF/services/org.apache.camel.telemetry.SpanDecorator}; without camel-telemetry nothing loads it.
 */
public class JetStreamSpanDecorator extends AbstractMessagingSpanDecorator {

    public static final String SYSTEM = "messaging.system";
    public static final String OPERATION = "messaging.operation.type";
    public static final String DESTINATION_TEMPLATE = "messaging.destination.template";
    public static final String STREAM = "messaging.nats.stream";
    public static final String DURABLE = "messaging.nats.durable";
    public static final String DELIVERY_COUNT = "messaging.nats.delivery_count";
    public static final String STREAM_SEQUENCE = "messaging.nats.stream_sequence";
    public static final String DUPLICATE = "messaging.nats.duplicate";
    /** The span of a publish in progress: its end is told from the end of the consuming route's span. */
    private static final String PUBLISH_SPAN = JetStreamSpanDecorator.class.getName() + ".publish";

    @Override
    public String getComponent() {
        return "jetstream";
    }

    @Override
    public String getComponentClassName() {
        return JetStreamComponent.class.getName();
    }

    /** The endpoint's subject, not the message's: a span name must not carry an id per message. */
    @Override
    public String getOperationName(Exchange exchange, Endpoint endpoint) {
        return (consumes(exchange, endpoint) ? "process " : "send ") + clipMaxLength(subject(endpoint));
    }

    @Override
    public void beforeTracingEvent(Span span, Exchange exchange, Endpoint endpoint) {
        super.beforeTracingEvent(span, exchange, endpoint);
        Message in = exchange.getIn();
        span.setTag(SYSTEM, "nats");
        if (consumes(exchange, endpoint)) {
            span.setTag(OPERATION, "process");
            span.setTag(DESTINATION_TEMPLATE, subject(endpoint));
            setTag(span, TagConstants.MESSAGE_ID, in.getHeader("Nats-Msg-Id"));
            setTag(span, STREAM, in.getHeader(JetStreamConstants.STREAM));
            setTag(span, DELIVERY_COUNT, in.getHeader(JetStreamConstants.DELIVERY_COUNT));
            setTag(span, STREAM_SEQUENCE, in.getHeader(JetStreamConstants.STREAM_SEQUENCE));
            if (endpoint instanceof JetStreamEndpoint jetStream) {
                setTag(span, DURABLE, jetStream.getConfiguration().getDurable());
            }
        } else {
            span.setTag(OPERATION, "send");
            setTag(span, TagConstants.MESSAGE_ID, in.getHeader(JetStreamConstants.MSG_ID));
            exchange.setProperty(PUBLISH_SPAN, span);
        }
    }

    /** A publish span learns its stream and sequence from JetStream's ack. */
    @Override
    public void afterTracingEvent(Span span, Exchange exchange) {
        super.afterTracingEvent(span, exchange);
        if (exchange.getProperty(PUBLISH_SPAN) == span) {
            exchange.removeProperty(PUBLISH_SPAN);
            Message message = exchange.getMessage();
            if (!exchange.isFailed()) {
                setTag(span, STREAM, message.getHeader(JetStreamConstants.STREAM));
                setTag(span, STREAM_SEQUENCE, message.getHeader(JetStreamConstants.STREAM_SEQUENCE));
                setTag(span, DUPLICATE, message.getHeader(JetStreamConstants.DUPLICATE));
            }
        }
    }

    /** The subject the message was consumed from, or is published to. */
    @Override
    protected String getDestination(Exchange exchange, Endpoint endpoint) {
        String subject = consumes(exchange, endpoint)
                ? exchange.getIn().getHeader(JetStreamConstants.SUBJECT, String.class)
                : exchange.getIn().getHeader(JetStreamConstants.OVERRIDE_SUBJECT, String.class);
        return subject != null ? subject : subject(endpoint);
    }

    /** The endpoint's subject as written, {@code >} included (the endpoint URI has it encoded). */
    private static String subject(Endpoint endpoint) {
        return endpoint instanceof JetStreamEndpoint jetStream ? jetStream.getSubject() : stripSchemeAndOptions(endpoint);
    }

    /** The route's own consumer, when the span starts with the exchange; any other span is a publish. */
    private static boolean consumes(Exchange exchange, Endpoint endpoint) {
        return endpoint instanceof JetStreamEndpoint && exchange.getFromEndpoint() == endpoint;
    }

    private static void setTag(Span span, String name, Object value) {
        if (value != null) {
            span.setTag(name, value.toString());
        }
    }
}
