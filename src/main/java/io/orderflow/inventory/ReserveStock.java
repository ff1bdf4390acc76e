package io.orderflow.inventory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.InvalidEventException;
import io.orderflow.order.OrderLine;

/**
 * Reserves every line of a new order, or none: lines are taken one by one with compare-and-set and,
 * when one cannot be served, those already taken are given back. The decision is recorded per order,
 * so a redelivered OrderCreated gets the same answer and never takes stock twice.
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
        Optional<Reservation> recorded = reservations.find(orderId);
        if (recorded.isPresent()) {
            return outcome(orderCreated, recorded.get());
        }
        List<OrderLine> lines = mergeBySku(orderCreated);
        Reservation decision = takeAll(lines);
        if (!reservations.create(orderId, decision)) {
            // a concurrent delivery of the same event recorded first: undo ours, answer with theirs
            if (decision.status() == Reservation.Status.RESERVED) {
                giveBack(lines);
            }
            return outcome(orderCreated, reservations.find(orderId).orElseThrow());
        }
        return outcome(orderCreated, decision);
    }

    private Reservation takeAll(List<OrderLine> lines) throws IOException {
        List<OrderLine> taken = new ArrayList<>();
        for (OrderLine line : lines) {
            if (!stock.take(line.sku(), line.quantity())) {
                giveBack(taken);
                long available = stock.available(line.sku()).orElse(0L);
                return new Reservation(Reservation.Status.REJECTED, lines, line.sku() + ": requested "
                        + line.quantity() + ", available " + available);
            }
            taken.add(line);
        }
        return new Reservation(Reservation.Status.RESERVED, lines, null);
    }

    private void giveBack(List<OrderLine> lines) throws IOException {
        for (OrderLine line : lines) {
            stock.giveBack(line.sku(), line.quantity());
        }
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
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order_id", orderCreated.aggregateId());
        data.put("customer_id", orderCreated.text("customer_id"));
        data.put("amount", orderCreated.text("amount"));
        data.put("currency", orderCreated.text("currency"));
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
