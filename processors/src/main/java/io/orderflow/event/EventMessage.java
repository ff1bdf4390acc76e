package io.orderflow.event;

import java.io.IOException;
import java.util.List;

import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.jetstream.JetStreamConstants;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * Turns the event in a message's body into what the jetstream: producer publishes: the event as JSON, on
 * its own subject, with its id as Nats-Msg-Id, and stored only while that subject holds nothing: every
 * event subject names one step of one order, so there is never a second copy of an event.
 */
public class EventMessage {

    /** Nats-Msg-Id: the id of the event a stored message holds. */
    private static final String MSG_ID_HEADER = "Nats-Msg-Id";

    private final JetStreamConnection connection;

    public EventMessage(JetStreamConnection connection) {
        this.connection = connection;
    }

    public void toJetStream(Message message) throws InvalidPayloadException {
        toJetStreamUnconditionally(message);
        message.setHeader(JetStreamConstants.EXPECTED_LAST_SUBJECT_SEQUENCE, 0L);
    }

    /**
     * The same, without the condition: for an event whose subject another publisher took first (a forged or
     * stray event, which the flows refuse), so that the real one is stored and handled after it.
     */
    public void toJetStreamUnconditionally(Message message) throws InvalidPayloadException {
        Event event = message.getBody() instanceof Event given ? given : Event.parse(message.getMandatoryBody(byte[].class));
        message.setHeader(JetStreamConstants.OVERRIDE_SUBJECT, event.subject());
        message.setHeader(JetStreamConstants.MSG_ID, event.id());
        message.setBody(event.toJson());
    }

    /** Whether the event in the body (as JSON) is the one its subject holds now, or another event is. */
    public boolean isStored(Message message) throws InvalidPayloadException, IOException {
        Event event = Event.parse(message.getMandatoryBody(byte[].class));
        try {
            List<String> streams = connection.management().getStreamNames(event.subject());
            for (String stream : streams) {
                MessageInfo stored = connection.management().getLastMessage(stream, event.subject());
                if (stored.getHeaders() != null && event.id().equals(stored.getHeaders().getFirst(MSG_ID_HEADER))) {
                    return true;
                }
            }
            return false;
        } catch (JetStreamApiException e) {
            throw new IOException("Reading " + event.subject() + " failed: " + e.getMessage(), e);
        }
    }
}
