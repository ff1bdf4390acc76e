package io.orderflow.routes;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.inventory.StockStore;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** routes/inventory.camel.yaml: reserve-stock and release-stock. */
class InventoryRoutesTest extends FlowRouteTestSupport {

    @Override
    protected String flow() {
        return "inventory";
    }

    @Test
    void anOrderWithStockIsReservedAndTheStockTaken() throws Exception {
        stock().set("ROUTE-1", 5);
        publish(orderCreated("o-reserved", "ROUTE-1", 2));
        awaitPublishedOnce(EventType.INVENTORY_RESERVED);
        awaitSettled("inventory-order-created");
        assertEquals(3, stock().available("ROUTE-1").orElseThrow());
    }

    @Test
    void anOrderBeyondTheStockIsRejectedWithItsReasonAndTakesNothing() throws Exception {
        stock().set("ROUTE-2", 1);
        publish(orderCreated("o-rejected", "ROUTE-2", 2));
        assertEquals("ROUTE-2: requested 2, available 1", awaitPublishedOnce(EventType.INVENTORY_REJECTED).text("reason"));
        assertEquals(1, stock().available("ROUTE-2").orElseThrow());
    }

    @Test
    void theSameOrderDeliveredAgainTakesStockOnceAndRepublishesTheSameEvent() throws Exception {
        stock().set("ROUTE-3", 5);
        publish(orderCreated("o-twice", "ROUTE-3", 2));
        awaitPublished(1);
        publish(orderCreated("o-twice", "ROUTE-3", 2));
        List<Event> events = awaitPublished(2);
        assertEquals(events.get(0).id(), events.get(1).id(), "the same id: JetStream keeps one");
        assertEquals(3, stock().available("ROUTE-3").orElseThrow());
    }

    @Test
    void anEventThatBreaksTheEnvelopeIsDeadLetteredAsItArrivedAndAcked() throws Exception {
        String broken = "{\"id\":\"e-1\",\"type\":\"OrderCreated\"}";
        publish("orders.created.o-broken", broken.getBytes(StandardCharsets.UTF_8));
        Exchange dead = awaitDeadLetters(1).get(0);
        awaitSettled("inventory-order-created");
        assertEquals(0, published().getReceivedCounter());
        assertEquals(broken, dead.getIn().getBody(String.class));
        assertEquals("reserve-stock", dead.getIn().getHeader("Orderflow-Dead-Letter-Flow"));
        assertEquals("orders.created.o-broken", dead.getIn().getHeader("Orderflow-Dead-Letter-Subject"));
        assertEquals("dlq.reserve-stock", dead.getIn().getHeader("CamelJetStreamOverrideSubject"));
        assertTrue(dead.getIn().getHeader("Orderflow-Dead-Letter-Reason", String.class).contains("has no 'aggregate_id'"));
    }

    @Test
    void aDeclinedPaymentGivesTheReservedStockBack() throws Exception {
        stock().set("ROUTE-4", 5);
        publish(orderCreated("o-declined", "ROUTE-4", 2));
        Event reserved = awaitPublished(1).get(0);
        publish(reserved.causes(EventType.PAYMENT_DECLINED, Map.of("order_id", "o-declined", "reason", "card declined")));
        assertEquals(EventType.INVENTORY_RELEASED.typeName(), awaitPublished(2).get(1).type());
        awaitSettled("inventory-payment-declined");
        assertEquals(5, stock().available("ROUTE-4").orElseThrow());
    }

    private StockStore stock() {
        return context.getRegistry().lookupByNameAndType("stockStore", StockStore.class);
    }
}
