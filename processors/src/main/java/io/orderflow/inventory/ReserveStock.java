package io.orderflow.inventory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.InvalidEventException;
import io.orderflow.nats.KeyValueBucket.Versioned;
import io.orderflow.order.OrderLine;
import io.orderflow.order.OrderSummary;

/**
 * Reserves every line of a new order, or none. The delivery first claims the order's reservation record;
 * lines are taken one by one with compare-and-set, each marked with the order, and given back when one
 * cannot be served. A redelivery, after a crash or not, finds the decision or the marks of its
 * predecessor, so stock is never taken twice for one order.
 */
public class ReserveStock {

    private final StockStore stock;
    private final ReservationStore reservations;

    public ReserveStock(StockStore stock, ReservationStore reservations) {
        this.stock = stock;
        this.reservations = reservations;
    }

    public Event reserve(Event orderCreated) throws IOException {
        String orderId = orderCreated.aggregateId();
        List<OrderLine> lines = mergeBySku(orderCreated);
        Versioned<Reservation> claim = reservations.claimReservation(orderId, lines);
        Reservation reservation = claim.value();
        try {
            if (reservation.status() == Reservation.Status.RESERVING) {
                reservation = takeAll(orderId, lines);
                reservations.finish(orderId, claim, reservation);
            }
        } finally {
            reservations.release(orderId);
        }
        if (reservation.status() != Reservation.Status.REJECTED) {
            for (OrderLine line : reservation.lines()) {
                stock.settleTake(line.sku(), orderId);
            }
        }
        return outcome(orderCreated, reservation);
    }

    private Reservation takeAll(String orderId, List<OrderLine> lines) throws IOException {
        List<OrderLine> taken = new ArrayList<>();
        for (OrderLine line : lines) {
            if (!stock.take(line.sku(), orderId, line.quantity())) {
                for (OrderLine takenLine : taken) {
                    stock.undoTake(takenLine.sku(), orderId);
                }
                long available = stock.available(line.sku()).orElse(0L);
                return new Reservation(Reservation.Status.REJECTED, lines, line.sku() + ": requested "
                        + line.quantity() + ", available " + available, null, null);
            }
            taken.add(line);
        }
        return new Reservation(Reservation.Status.RESERVED, lines, null, null, null);
    }

    /** One line per SKU, in SKU order, so two orders never take the same SKUs in opposite order. */
    private static List<OrderLine> mergeBySku(Event orderCreated) {
        OrderLine[] items = orderCreated.dataAs(OrderCreatedItems.class).items();
        if (items == null || items.length == 0) {
            throw new InvalidEventException("OrderCreated " + orderCreated.id() + " has no items");
        }
        Map<String, OrderLine> bySku = new TreeMap<>();
        for (OrderLine item : items) {
            if (item.sku() == null || item.quantity() < 1) {
                throw new InvalidEventException("OrderCreated " + orderCreated.id() + " has an invalid line " + item);
            }
            bySku.merge(item.sku(), item, (a, b) -> new OrderLine(a.sku(), a.quantity() + b.quantity(), a.unitPrice()));
        }
        return new ArrayList<>(bySku.values());
    }

    private static Event outcome(Event orderCreated, Reservation reservation) {
        Map<String, Object> data = OrderSummary.of(orderCreated).eventData();
        data.put("items", reservation.lines());
        if (reservation.status() == Reservation.Status.REJECTED) {
            data.put("reason", reservation.reason());
            return orderCreated.causes(EventType.INVENTORY_REJECTED, data);
        }
        return orderCreated.causes(EventType.INVENTORY_RESERVED, data);
    }

    record OrderCreatedItems(OrderLine[] items) {
    }
}
