package io.orderflow.inventory;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.order.OrderLine;

/** Gives back what a declined order had reserved; only the delivery that marks it released gives stock back. */
public class ReleaseStock {

    private final StockStore stock;
    private final ReservationStore reservations;

    public ReleaseStock(StockStore stock, ReservationStore reservations) {
        this.stock = stock;
        this.reservations = reservations;
    }

    public Event release(Event paymentDeclined) throws IOException {
        String orderId = paymentDeclined.aggregateId();
        List<OrderLine> lines = reservations.find(orderId).map(Reservation::lines).orElse(List.of());
        if (reservations.release(orderId)) {
            for (OrderLine line : lines) {
                stock.giveBack(line.sku(), line.quantity());
            }
        }
        return paymentDeclined.causes(EventType.INVENTORY_RELEASED, Map.of("order_id", orderId, "items", lines));
    }
}
