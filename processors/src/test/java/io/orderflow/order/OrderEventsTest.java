package io.orderflow.order;

import java.util.List;
import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.nats.JetStreamTopology;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An order read back from its events: PENDING after OrderCreated, then what its terminal event says. */
class OrderEventsTest {

    private NatsServerProcess nats;
    private JetStreamConnection connection;
    private OrderEvents orders;

    @BeforeEach
    void start() throws Exception {
        nats = new NatsServerProcess();
        connection = new JetStreamConnection();
        connection.setUrl(nats.url());
        connection.start();
        JetStreamTopology topology = new JetStreamTopology(connection);
        topology.setStreams("ORDERS=orders.>");
        topology.setAuditStream("AUDIT");
        topology.setAuditSources("ORDERS");
        topology.setBuckets("stock");
        topology.declare();
        orders = new OrderEvents(connection, "ORDERS");
    }

    @AfterEach
    void stop() throws Exception {
        connection.stop();
        nats.close();
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
}
