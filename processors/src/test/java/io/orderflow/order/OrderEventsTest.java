package io.orderflow.order;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.InvalidEventException;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.nats.JetStreamServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An order read back from its events: PENDING after OrderCreated, then what its terminal event says. */
class OrderEventsTest {

    @RegisterExtension
    final JetStreamServer server = new JetStreamServer();
    private JetStreamConnection connection;
    private OrderEvents orders;

    @BeforeEach
    void declareOrders() throws Exception {
        connection = server.connection();
        server.topology("ORDERS=orders.>", "ORDERS").declare();
        orders = new OrderEvents(connection, "ORDERS");
    }

    @Test
    void anOrderIsWhatItsEventsSay() throws Exception {
        assertTrue(orders.find("o-1").isEmpty(), "no OrderCreated, no order");
        Event created = Event.first(EventType.ORDER_CREATED, "o-1", Map.of("order_id", "o-1", "customer_id", "c-1",
                "amount", "10.00", "currency", "EUR", "request_fingerprint", "f-1",
                "items", List.of(Map.of("sku", "S-1", "quantity", 2, "unit_price", "5.00"))));
        connection.jetStream().publish(created.subject(), created.toJson());
        Order pending = orders.find("o-1").orElseThrow();
        assertEquals(OrderStatus.PENDING, pending.status());
        assertEquals("f-1", pending.requestFingerprint());
        assertEquals(2, pending.items().get(0).quantity());

        Event cancelled = created.causes(EventType.ORDER_CANCELLED, Map.of("order_id", "o-1", "reason", "payment declined: no"));
        connection.jetStream().publish(cancelled.subject(), cancelled.toJson());
        Order ended = orders.find("o-1").orElseThrow();
        assertEquals(OrderStatus.CANCELLED, ended.status());
        assertEquals("payment declined: no", ended.reason());
    }

    @Test
    void anUnreadableStoredEventIsATechnicalFailureNotABadEvent() throws Exception {
        connection.jetStream().publish("orders.created.o-broken", "not an event".getBytes(StandardCharsets.UTF_8));
        IOException failure = assertThrows(IOException.class,
                () -> orders.find("o-broken"));
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            assertTrue(!(cause instanceof InvalidEventException),
                    "an InvalidEventException cause would dead-letter the event being handled");
        }
    }
}
