package io.orderflow.inventory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.orderflow.jetstream.KeyValueBucket;

/**
 * Available stock per SKU in a JetStream KV bucket. Every change is a compare-and-set on the SKU's
 * revision, so concurrent orders on any number of replicas never take the same unit twice.
 */
public class StockStore {

    private final KeyValueBucket bucket;

    public StockStore(KeyValueBucket bucket) {
        this.bucket = bucket;
    }

    public void set(String sku, long available) throws IOException {
        bucket.put(sku, encode(available));
    }

    public Optional<Long> available(String sku) throws IOException {
        return bucket.get(sku).map(StockStore::decode);
    }

    /** Takes {@code quantity} units when that many are available; false, taking nothing, otherwise. */
    public boolean take(String sku, int quantity) throws IOException {
        AtomicBoolean taken = new AtomicBoolean();
        bucket.update(sku, current -> {
            long available = decode(current);
            taken.set(available >= quantity);
            return available >= quantity ? encode(available - quantity) : null;
        });
        return taken.get();
    }

    public void giveBack(String sku, int quantity) throws IOException {
        // the SKU's record may have been deleted meanwhile, and re-created by someone else just as we do
        while (bucket.update(sku, current -> encode(decode(current) + quantity)).isEmpty()) {
            if (bucket.create(sku, encode(quantity))) {
                return;
            }
        }
    }

    private static byte[] encode(long available) {
        return Long.toString(available).getBytes(StandardCharsets.US_ASCII);
    }

    private static long decode(byte[] value) {
        return Long.parseLong(new String(value, StandardCharsets.US_ASCII));
    }
}
