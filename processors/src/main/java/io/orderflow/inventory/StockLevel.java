package io.orderflow.inventory;

import java.util.Map;
import java.util.TreeMap;

/**
 * What the stock KV bucket holds per SKU: the units available, and the changes that orders have made to
 * it but not yet recorded elsewhere ({@code "<order>:take" -> 2}). A change and its marker are written in
 * one compare-and-set, so after a crash a redelivered event can tell whether its change already happened.
 */
public record StockLevel(long available, Map<String, Integer> pending) {

    public StockLevel {
        pending = pending == null ? Map.of() : Map.copyOf(pending);
    }

    boolean has(String marker) {
        return pending.containsKey(marker);
    }

    /** Adds {@code delta} to available and remembers it under {@code marker}. */
    StockLevel change(String marker, int delta) {
        Map<String, Integer> markers = new TreeMap<>(pending);
        markers.put(marker, delta);
        return new StockLevel(available + delta, markers);
    }

    /** Takes back the change remembered under {@code marker}. */
    StockLevel undo(String marker) {
        Map<String, Integer> markers = new TreeMap<>(pending);
        Integer delta = markers.remove(marker);
        return new StockLevel(available - (delta == null ? 0 : delta), markers);
    }

    /** Forgets {@code marker}: its change stays, and is now recorded elsewhere. */
    StockLevel settle(String marker) {
        Map<String, Integer> markers = new TreeMap<>(pending);
        markers.remove(marker);
        return new StockLevel(available, markers);
    }

    StockLevel withAvailable(long newAvailable) {
        return new StockLevel(newAvailable, pending);
    }
}
