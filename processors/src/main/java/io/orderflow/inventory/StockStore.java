package io.orderflow.inventory;

import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

import io.orderflow.nats.CombiningUpdater;
import io.orderflow.nats.KeyValueBucket;

/**
 * Available stock per SKU in a JetStream KV bucket. Every change is a compare-and-set on the SKU's
 * revision, so concurrent orders on any number of replicas never take the same unit twice, and it carries
 * a marker naming the order, so a redelivery after a crash never takes or gives back twice. Changes to
 * one SKU from concurrent orders share one compare-and-set (see {@link CombiningUpdater}).
 */
public class StockStore {

    private final KeyValueBucket bucket;
    /** Orders crowd onto the same SKUs: their changes to one SKU are written together. */
    private final CombiningUpdater<StockLevel> updates;

    public StockStore(KeyValueBucket bucket) {
        this.bucket = bucket;
        this.updates = new CombiningUpdater<>(bucket, StockLevel.class);
    }

    public void set(String sku, long available) throws IOException {
        updateOrCreate(sku, level -> level.withAvailable(available), new StockLevel(available, null));
    }

    public Optional<Long> available(String sku) throws IOException {
        return bucket.getJson(sku, StockLevel.class).map(StockLevel::available);
    }

    /**
     * Takes {@code quantity} units for the order when that many are available. True when they are taken,
     * now or by an earlier delivery of the same order; false, taking nothing, otherwise.
     */
    public boolean take(String sku, String orderId, int quantity) throws IOException {
        String marker = orderId + ":take";
        AtomicBoolean taken = new AtomicBoolean();
        boolean exists = updates.update(sku, level -> {
            taken.set(level.has(marker) || level.available() >= quantity);
            return level.has(marker) || !taken.get() ? null : level.change(marker, -quantity);
        }).isPresent();
        // an attempt that lost its compare-and-set may have set taken before the SKU vanished
        return exists && taken.get();
    }

    /** Gives back what {@link #take} took for the order on this SKU, if it did. */
    public void undoTake(String sku, String orderId) throws IOException {
        String marker = orderId + ":take";
        updates.update(sku, level -> level.has(marker) ? level.undo(marker) : null);
    }

    /** The order's take is recorded in its reservation: its marker can go. */
    public void settleTake(String sku, String orderId) throws IOException {
        settle(sku, orderId + ":take");
    }

    /** Returns a released order's units, once per order whatever the number of deliveries. */
    public void giveBack(String sku, String orderId, int quantity) throws IOException {
        String marker = orderId + ":give-back";
        updateOrCreate(sku, level -> level.has(marker) ? null : level.change(marker, quantity),
                new StockLevel(0, null).change(marker, quantity));
    }

    public void settleGiveBack(String sku, String orderId) throws IOException {
        settle(sku, orderId + ":give-back");
    }

    private void settle(String sku, String marker) throws IOException {
        updates.update(sku, level -> level.has(marker) ? level.settle(marker) : null);
    }

    private void updateOrCreate(String sku, UnaryOperator<StockLevel> change, StockLevel initial) throws IOException {
        // the SKU's record may be deleted meanwhile, and re-created by someone else just as we do
        while (updates.update(sku, change).isEmpty()) {
            if (bucket.createJson(sku, initial)) {
                return;
            }
        }
    }
}
