package io.orderflow.inventory;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.nats.KeyValueBucket.Versioned;
import io.orderflow.order.OrderLine;

/**
 * Gives back what a declined order had reserved. The delivery claims the reservation (RELEASING), gives
 * each line back with a mark naming the order, then records RELEASED; a redelivery gives nothing back twice.
 */
public class ReleaseStock {

    private final StockStore stock;
    private final ReservationStore reservations;

    public ReleaseStock(StockStore stock, ReservationStore reservations) {
        this.stock = stock;
        this.reservations = reservations;
    }

    public Event release(Event paymentDeclined) throws IOException {
        String orderId = paymentDeclined.aggregateId();
        Optional<Versioned<Reservation>> claim = reservations.claimRelease(orderId);
        List<OrderLine> lines = List.of();
        if (claim.isPresent()) {
            Reservation reservation = claim.get().value();
            lines = reservation.status() == Reservation.Status.REJECTED ? List.of() : reservation.lines();
            try {
                if (reservation.status() == Reservation.Status.RELEASING) {
                    for (OrderLine line : lines) {
                        stock.giveBack(line.sku(), orderId, line.quantity());
                    }
                    reservations.finish(orderId, claim.get(), reservation.done(Reservation.Status.RELEASED));
                }
            } finally {
                reservations.release(orderId);
            }
            for (OrderLine line : lines) {
                stock.settleGiveBack(line.sku(), orderId);
            }
        }
        return paymentDeclined.causes(EventType.INVENTORY_RELEASED, Map.of("order_id", orderId, "items", lines));
    }
}
