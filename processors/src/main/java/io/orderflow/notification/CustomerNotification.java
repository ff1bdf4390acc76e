package io.orderflow.notification;

import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;

/** The email a customer gets when an order ends, and the event that says it went out. */
public class CustomerNotification {

    private final String recipientDomain;

    public CustomerNotification(String recipientDomain) {
        this.recipientDomain = recipientDomain;
    }

    /** One email per order, whatever its outcome and however often the outcome is delivered. */
    public String emailKey(Event outcome) {
        return "email." + outcome.aggregateId();
    }

    /** The email's Message-ID: the same for every attempt to send it, so a resend is known as one. */
    public String messageId(Event outcome) {
        return "<" + emailKey(outcome) + "@orderflow>";
    }

    public String recipient(Event outcome) {
        return outcome.text("customer_id") + "@" + recipientDomain;
    }

    public String subject(Event outcome) {
        return outcome.eventType() == EventType.ORDER_CONFIRMED
                ? "Your order " + outcome.aggregateId() + " is confirmed"
                : "Your order " + outcome.aggregateId() + " was cancelled";
    }

    public String text(Event outcome) {
        if (outcome.eventType() == EventType.ORDER_CONFIRMED) {
            return "Thank you. Order " + outcome.aggregateId() + " is confirmed; we charged "
                    + outcome.text("amount") + " " + outcome.text("currency") + ".\n";
        }
        return "Order " + outcome.aggregateId() + " was cancelled (" + outcome.text("reason") + "). You were not charged.\n";
    }

    public Event sent(Event outcome) {
        return outcome.causes(EventType.NOTIFICATION_SENT,
                Map.of("order_id", outcome.aggregateId(), "recipient", recipient(outcome), "about", outcome.type()));
    }
}
