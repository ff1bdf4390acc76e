package io.orderflow.event;

import java.util.Arrays;
import java.util.Optional;

/** The event types of Orderflow and the subject each is published on (the aggregate id is the last token). */
public enum EventType {
    // in the order of the business process, which an order's history follows when timestamps tie
    ORDER_CREATED("OrderCreated", "orders.created"),
    INVENTORY_RESERVED("InventoryReserved", "inventory.reserved"),
    INVENTORY_REJECTED("InventoryRejected", "inventory.rejected"),
    PAYMENT_AUTHORIZED("PaymentAuthorized", "payments.authorized"),
    PAYMENT_DECLINED("PaymentDeclined", "payments.declined"),
    ORDER_CONFIRMED("OrderConfirmed", "orders.confirmed"),
    ORDER_CANCELLED("OrderCancelled", "orders.cancelled"),
    INVENTORY_RELEASED("InventoryReleased", "inventory.released"),
    NOTIFICATION_SENT("NotificationSent", "notifications.sent");

    private final String typeName;
    private final String subjectPrefix;

    EventType(String typeName, String subjectPrefix) {
        this.typeName = typeName;
        this.subjectPrefix = subjectPrefix;
    }

    public String typeName() {
        return typeName;
    }

    public String subject(String aggregateId) {
        return subjectPrefix + "." + aggregateId;
    }

    /** The type whose events are published on {@code subject}: its prefix, then the aggregate id. */
    public static Optional<EventType> fromSubject(String subject) {
        int aggregate = subject.lastIndexOf('.');
        String prefix = aggregate < 0 ? subject : subject.substring(0, aggregate);
        return Arrays.stream(values()).filter(t -> t.subjectPrefix.equals(prefix)).findFirst();
    }

    public static Optional<EventType> fromTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
    }
}
