package io.orderflow.jetstream;

import java.util.List;

import org.apache.camel.spi.Metadata;

/** Header names of the {@code jetstream:} component. */
public final class JetStreamConstants {

    @Metadata(label = "consumer", description = "Subject the consumed message arrived on", javaType = "String")
    public static final String SUBJECT = "CamelJetStreamSubject";
    @Metadata(label = "producer", description = "Subject to publish to instead of the endpoint's; removed once used",
              javaType = "String")
    public static final String OVERRIDE_SUBJECT = "CamelJetStreamOverrideSubject";
    @Metadata(label = "producer", description = "Published as Nats-Msg-Id, so JetStream's duplicate window drops a re-publish",
              javaType = "String")
    public static final String MSG_ID = "CamelJetStreamMsgId";
    @Metadata(label = "producer", description = "Published as Nats-Expected-Last-Subject-Sequence: the publish is stored only"
            + " if the subject's last message has this sequence (0: the subject holds none), else the exchange fails with"
            + " JetStreamExpectationFailedException", javaType = "long")
    public static final String EXPECTED_LAST_SUBJECT_SEQUENCE = "CamelJetStreamExpectedLastSubjectSequence";
    @Metadata(label = "consumer", description = "How many times the server delivered the consumed message, this delivery included",
              javaType = "long")
    public static final String DELIVERY_COUNT = "CamelJetStreamDeliveryCount";
    @Metadata(description = "Stream sequence of the consumed message, or of the published one once its ack arrived",
              javaType = "long")
    public static final String STREAM_SEQUENCE = "CamelJetStreamStreamSequence";
    @Metadata(label = "producer", description = "Set on a publish that JetStream recognised as a duplicate of an earlier one",
              javaType = "boolean")
    public static final String DUPLICATE = "CamelJetStreamDuplicate";
    @Metadata(label = "producer", description = "Subject the message was published on, once its ack arrived", javaType = "String")
    public static final String PUBLISHED_SUBJECT = "CamelJetStreamPublishedSubject";
    @Metadata(description = "Stream of the consumed message, or the stream that stored the published one once its ack arrived",
              javaType = "String")
    public static final String STREAM = "CamelJetStreamStream";

    /**
     * The W3C Trace Context and Baggage headers: published and consumed whatever the header filter strategy says,
     * so that a trace goes on across JetStream (a tracer such as camel-opentelemetry2 sets and reads them).
     */
    public static final List<String> TRACE_CONTEXT_HEADERS = List.of("traceparent", "tracestate", "baggage");

    /** Names, after the endpoint's {@code deadLetterHeaderPrefix}, of the headers every dead letter carries. */
    public static final String DEAD_LETTER_REASON = "Reason";
    public static final String DEAD_LETTER_FLOW = "Flow";
    public static final String DEAD_LETTER_SUBJECT = "Subject";
    public static final String DEAD_LETTER_ATTEMPTS = "Attempts";

    private JetStreamConstants() {
    }
}
