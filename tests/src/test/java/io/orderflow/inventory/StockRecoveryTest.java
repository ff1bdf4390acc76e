package io.orderflow.inventory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.nats.JetStreamTopology;
import io.orderflow.nats.KeyValueBucket;
import io.orderflow.order.OrderLine;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A delivery that crashed half-way through an order leaves stock its successor can account for. */
class StockRecoveryTest {

    private NatsServerProcess nats;
    private JetStreamConnection connection;
    private StockStore stock;
    private KeyValueBucket reservationsBucket;

    @BeforeEach
    void start() throws Exception {
        nats = new NatsServerProcess();
        connection = new JetStreamConnection();
        connection.setUrl(nats.url());
        connection.start();
        JetStreamTopology topology = new JetStreamTopology(connection);
        topology.setStreams("ORDERS=orders.>");
        topology.setAuditSources("ORDERS");
        topology.setBuckets("stock,reservations");
        topology.declare();
        stock = new StockStore(new KeyValueBucket(connection, "stock"));
        reservationsBucket = new KeyValueBucket(connection, "reservations");
        stock.set("A", 10);
        stock.set("B", 10);
    }

    @AfterEach
    void stop() throws Exception {
        connection.stop();
        nats.close();
    }

    private static Event orderCreated(String orderId) {
        return Event.first(EventType.ORDER_CREATED, orderId, Map.of("order_id", orderId, "customer_id", "c",
                "amount", "5.00", "currency", "EUR", "items", List.of(new OrderLine("A", 2, new java.math.BigDecimal("1.00")),
                        new OrderLine("B", 3, new java.math.BigDecimal("1.00")))));
    }

    private ReservationStore reservations(String process, Instant now) {
        return new ReservationStore(reservationsBucket, Clock.fixed(now, ZoneOffset.UTC), process);
    }

    private ReserveStock reserveStockAt(Instant now) {
        return new ReserveStock(stock, reservations("successor", now));
    }

    @Test
    void aRedeliveryAfterACrashMidReservationTakesEachLineOnce() throws Exception {
        Instant crash = Instant.now();
        reservations("crashed", crash).claimReservation("o-1", List.of());
        stock.take("A", "o-1", 2);
        // ... and the process died here, before B and before the decision was recorded

        assertThrows(ReservationBusyException.class, () -> reserveStockAt(crash.plusSeconds(1)).reserve(orderCreated("o-1")),
                "a live claim is waited for, not shared");
        Event outcome = reserveStockAt(crash.plusSeconds(31)).reserve(orderCreated("o-1"));

        assertEquals("InventoryReserved", outcome.type());
        assertEquals(8, stock.available("A").orElseThrow());
        assertEquals(7, stock.available("B").orElseThrow());
        assertEquals(outcome.id(), reserveStockAt(Instant.now()).reserve(orderCreated("o-1")).id(), "same answer again");
        assertEquals(8, stock.available("A").orElseThrow());
    }

    @Test
    void thisProcessCarriesOnItsOwnFailedDeliveryAtOnce() throws Exception {
        Instant now = Instant.now();
        ReservationStore store = reservations("this", now);
        store.claimReservation("o-3", List.of());
        stock.take("A", "o-3", 2);
        store.release("o-3");
        // the delivery failed (say NATS went away) and was nak'ed; its redelivery comes back here

        Event outcome = new ReserveStock(stock, store).reserve(orderCreated("o-3"));

        assertEquals("InventoryReserved", outcome.type());
        assertEquals(8, stock.available("A").orElseThrow());
        assertEquals(7, stock.available("B").orElseThrow());
    }

    @Test
    void aReleaseDeliveredAgainAfterACrashGivesBackOnce() throws Exception {
        Instant now = Instant.now();
        reserveStockAt(now).reserve(orderCreated("o-2"));
        Event declined = orderCreated("o-2").causes(EventType.PAYMENT_DECLINED, Map.of("order_id", "o-2", "reason", "no"));
        reservations("crashed", now).claimRelease("o-2");
        stock.giveBack("A", "o-2", 2);
        // ... and the process died before giving back B

        ReservationStore later = reservations("successor", now.plus(Duration.ofSeconds(31)));
        new ReleaseStock(stock, later).release(declined);
        new ReleaseStock(stock, later).release(declined);

        assertEquals(10, stock.available("A").orElseThrow());
        assertEquals(10, stock.available("B").orElseThrow());
    }
}
