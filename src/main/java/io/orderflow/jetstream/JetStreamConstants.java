package io.orderflow.jetstream;

/** Header names of the {@code jetstream:} component. */
public final class JetStreamConstants {

    /** Subject a consumed message arrived on. */
    public static final String SUBJECT = "CamelJetStreamSubject";
    /** Subject to publish to instead of the endpoint's; the producer removes it once used. */
    public static final String OVERRIDE_SUBJECT = "CamelJetStreamOverrideSubject";
    /** Published as {@code Nats-Msg-Id}, so JetStream's duplicate window drops a re-publish. */
    public static final String MSG_ID = "CamelJetStreamMsgId";
    /** How many times the server has delivered the consumed message, this delivery included. */
    public static final String DELIVERY_COUNT = "CamelJetStreamDeliveryCount";
    /** Stream sequence of the consumed message, or of the published one once its ack arrived. */
    public static final String STREAM_SEQUENCE = "CamelJetStreamStreamSequence";
    /** Set on a publish that JetStream recognised as a duplicate of an earlier one. */
    public static final String DUPLICATE = "CamelJetStreamDuplicate";

    /** The producer publishes the exchange's headers with this prefix, and no others. */
    public static final String PUBLISHED_HEADER_PREFIX = "Orderflow-";

    /** Headers that every dead-lettered message carries, so it can be inspected and replayed. */
    public static final String DEAD_LETTER_REASON = "Orderflow-Dead-Letter-Reason";
    public static final String DEAD_LETTER_FLOW = "Orderflow-Dead-Letter-Flow";
    public static final String DEAD_LETTER_SUBJECT = "Orderflow-Dead-Letter-Subject";
    public static final String DEAD_LETTER_ATTEMPTS = "Orderflow-Dead-Letter-Attempts";

    private JetStreamConstants() {
    }
}
