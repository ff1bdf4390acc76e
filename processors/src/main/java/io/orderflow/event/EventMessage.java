package io.orderflow.event;

import io.orderflow.jetstream.JetStreamConstants;
import org.apache.camel.InvalidPayloadException;
import org.apache.camel.Message;

/**
 * Turns the event in a message's body into what the jetstream: producer publishes: the event as JSON, on
 * its own subject, with its id as Nats-Msg-Id (so a re-published event is stored once).
 */
public class EventMessage {

    public void toJetStream(Message message) throws InvalidPayloadException {
        Event event = message.getMandatoryBody(Event.class);
        message.setHeader(JetStreamConstants.OVERRIDE_SUBJECT, event.subject());
        message.setHeader(JetStreamConstants.MSG_ID, event.id());
        message.setBody(event.toJson());
    }
}
