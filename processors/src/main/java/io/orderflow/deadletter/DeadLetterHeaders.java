package io.orderflow.deadletter;

/**
 * The headers every Orderflow dead letter carries, whether the route's dead-letter channel or the
 * jetstream: consumer wrote it (its {@code deadLetterHeaderPrefix} is set to {@link #PREFIX}).
 */
public final class DeadLetterHeaders {

    public static final String PREFIX = "Orderflow-Dead-Letter-";
    public static final String REASON = PREFIX + "Reason";
    public static final String FLOW = PREFIX + "Flow";
    public static final String SUBJECT = PREFIX + "Subject";
    public static final String ATTEMPTS = PREFIX + "Attempts";

    private DeadLetterHeaders() {
    }
}
