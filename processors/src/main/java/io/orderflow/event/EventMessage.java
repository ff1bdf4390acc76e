package io.orderflow.event;

import io.orderflow.jetstream.JetStreamConstants;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * Turns the event in a message's body into what the jetstream: producer publishes: the event as JSON, on
 * its own subject, with its id as Nats-Msg-Id, and stored only while that subject holds nothing: every
 * event subject names one step of one order, so there is never a second copy of an event.
 */
public class EventMessage {

    public void toJetStream(Message message) throws InvalidPayloadException {
        Event event = message.getMandatoryBody(Event.class);
        message.setHeader(JetStreamConstants.OVERRIDE_SUBJECT, event.subject());
        message.setHeader(JetStreamConstants.MSG_ID, event.id());
        message.setHeader(JetStreamConstants.EXPECTED_LAST_SUBJECT_SEQUENCE, 0L);
        message.setBody(event.toJson());
    }
}
