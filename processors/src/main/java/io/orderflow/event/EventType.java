package io.orderflow.event;

import java.util.Arrays;
import java.util.Optional;

/** The event types of Orderflow and the subject each is published on (the aggregate id is the last token). */
public enum EventType {
    ORDER_CREATED("OrderCreated", "orders.created"),
    ORDER_CONFIRMED("OrderConfirmed", "orders.confirmed"),
    ORDER_CANCELLED("OrderCancelled", "orders.cancelled"),
    INVENTORY_RESERVED("InventoryReserved", "inventory.reserved"),
    INVENTORY_REJECTED("InventoryRejected", "inventory.rejected"),
    INVENTORY_RELEASED("InventoryReleased", "inventory.released"),
    PAYMENT_AUTHORIZED("PaymentAuthorized", "payments.authorized"),
    PAYMENT_DECLINED("PaymentDeclined", "payments.declined"),
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

    public static Optional<EventType> fromTypeName(String typeName) {
        return Arrays.stream(values()).filter(t -> t.typeName.equals(typeName)).findFirst();
    }
}
