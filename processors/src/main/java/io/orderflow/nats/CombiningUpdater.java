package io.orderflow.nats;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

import io.orderflow.nats.KeyValueBucket.Versioned;

/**
 * Compare-and-set updates of busy keys, combined. While one thread writes a key, the changes other threads
 * ask for on that key queue up; the next writer applies them all, in order, in one compare-and-set. A
 * best-selling SKU then costs one KV round trip for many orders instead of one or more each, and threads of
 * one process never lose compare-and-set races to each other. Races with other processes are still settled
 * by the compare-and-set: the loser reads again and re-applies its whole batch.
 * <p>
 * Written by hand because neither jnats' KV nor JetStream has a batch or merge update.
 */
public class CombiningUpdater<T> {

    private final KeyValueBucket bucket;
    private final Class<T> type;
    private final ConcurrentHashMap<String, HotKey<T>> keys = new ConcurrentHashMap<>();

    public CombiningUpdater(KeyValueBucket bucket, Class<T> type) {
        this.bucket = bucket;
        this.type = type;
    }

    /**
     * A compare-and-set update of a JSON value: {@code change} sees the current value (after the changes queued
     * before it) and returns the new one, or null to leave it; it may run more than once. Returns the value
     * after this change, or empty when the key does not exist.
     */
    public Optional<T> update(String key, UnaryOperator<T> change) throws IOException {
        HotKey<T> hot = keys.computeIfAbsent(key, k -> new HotKey<>());
        Change<T> mine = new Change<>(change);
        hot.waiting.add(mine);
        hot.writing.lock();
        try {
            if (!mine.done) {
                writeWaiting(key, hot);
            }
        } finally {
            hot.writing.unlock();
        }
        if (mine.failure instanceof IOException technical) {
            throw technical;
        }
        if (mine.failure instanceof RuntimeException bug) {
            throw bug;
        }
        if (!mine.done) {
            throw new IllegalStateException("KV " + bucket.name() + " update of " + key + " ended without an outcome");
        }
        return Optional.ofNullable(mine.result);
    }

    private void writeWaiting(String key, HotKey<T> hot) {
        List<Change<T>> batch = new ArrayList<>();
        for (Change<T> next; (next = hot.waiting.poll()) != null; ) {
            batch.add(next);
        }
        try {
            while (true) {
                boolean fromCache = hot.lastWritten != null;
                Versioned<T> read = fromCache ? hot.lastWritten : bucket.getVersioned(key, type).orElse(null);
                hot.lastWritten = null;
                if (read == null) {
                    batch.forEach(change -> change.finish(null));
                    return;
                }
                T value = applyAll(batch, read.value());
                if (value == read.value()) {
                    if (fromCache) {
                        // a decision to change nothing must rest on what the key holds now, not on our last write
                        continue;
                    }
                    batch.forEach(Change::finish);
                    return;
                }
                Optional<Versioned<T>> written = bucket.replaceJson(key, read, value);
                if (written.isPresent()) {
                    hot.lastWritten = written.get();
                    batch.forEach(Change::finish);
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            batch.forEach(change -> change.fail(e));
        } finally {
            // whatever went wrong (even an Error), no caller may take an unwritten change for a written one
            for (Change<T> change : batch) {
                if (!change.done) {
                    change.fail(new IllegalStateException("KV " + bucket.name() + " update of " + key + " was not written"));
                }
            }
        }
    }

    /** Applies the batch in order; a change that throws fails alone and changes nothing. */
    private static <T> T applyAll(List<Change<T>> batch, T current) {
        T value = current;
        for (Change<T> change : batch) {
            if (change.failure != null) {
                continue;
            }
            try {
                T changed = change.change.apply(value);
                value = changed != null ? changed : value;
                change.result = value;
            } catch (RuntimeException e) {
                // a change that refuses the value (a bug, invalid data) fails its caller as it is: not a NATS problem to retry
                change.failure = e;
            }
        }
        return value;
    }

    private static final class HotKey<T> {
        final Queue<Change<T>> waiting = new ConcurrentLinkedQueue<>();
        final ReentrantLock writing = new ReentrantLock();
        /** What this process wrote last: tried first, and re-read only when the compare-and-set fails. */
        Versioned<T> lastWritten;
    }

    private static final class Change<T> {
        final UnaryOperator<T> change;
        T result;
        Exception failure;
        volatile boolean done;

        Change(UnaryOperator<T> change) {
            this.change = change;
        }

        void finish() {
            done = true;
        }

        void finish(T value) {
            result = value;
            done = true;
        }

        void fail(Exception e) {
            if (failure == null) {
                failure = e;
            }
            done = true;
        }
    }
}
