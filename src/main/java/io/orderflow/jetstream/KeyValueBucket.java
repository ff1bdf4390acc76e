package io.orderflow.jetstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.function.UnaryOperator;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.orderflow.event.Json;

/**
 * One JetStream KV bucket with the two writes a shared store needs: create-if-absent and
 * compare-and-set updates retried on conflict, so replicas never overwrite each other.
 */
public class KeyValueBucket {

    /** JetStream's "wrong last sequence": someone else wrote the key first. */
    private static final int WRONG_LAST_SEQUENCE = 10071;

    private final JetStreamConnection connection;
    private final String bucket;
    private volatile KeyValue keyValue;

    public KeyValueBucket(JetStreamConnection connection, String bucket) {
        this.connection = connection;
        this.bucket = bucket;
    }

    public String name() {
        return bucket;
    }

    private KeyValue kv() throws IOException {
        KeyValue current = keyValue;
        if (current == null) {
            current = connection.keyValue(bucket);
            keyValue = current;
        }
        return current;
    }

    public Optional<byte[]> get(String key) throws IOException {
        return entry(key).map(KeyValueEntry::getValue);
    }

    private Optional<KeyValueEntry> entry(String key) throws IOException {
        try {
            KeyValueEntry entry = kv().get(key);
            if (entry == null || entry.getOperation() != KeyValueOperation.PUT) {
                return Optional.empty();
            }
            return Optional.of(entry);
        } catch (JetStreamApiException e) {
            throw new IOException("KV " + bucket + " get " + key + " failed: " + e.getMessage(), e);
        }
    }

    public void put(String key, byte[] value) throws IOException {
        try {
            kv().put(key, value);
        } catch (JetStreamApiException e) {
            throw new IOException("KV " + bucket + " put " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** Writes the value only when the key holds none; false when it already had one. */
    public boolean create(String key, byte[] value) throws IOException {
        return createRevision(key, value) > 0;
    }

    /** {@link #create}, answering the new revision, or 0 when the key already had a value. */
    private long createRevision(String key, byte[] value) throws IOException {
        try {
            return kv().create(key, value);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return 0;
            }
            throw new IOException("KV " + bucket + " create " + key + " failed: " + e.getMessage(), e);
        }
    }


    /** The JSON value of the key as {@code type}, or empty. */
    public <T> Optional<T> getJson(String key, Class<T> type) throws IOException {
        Optional<byte[]> value = get(key);
        return value.isEmpty() ? Optional.empty() : Optional.of(Json.MAPPER.readValue(value.get(), type));
    }

    /** {@link #create} for a value written as JSON. */
    public boolean createJson(String key, Object value) throws IOException {
        return create(key, toJson(value));
    }

    /** A value with the revision it was read at, for a later {@link #replaceJson}. */
    public record Versioned<T>(T value, long revision) {
    }

    public <T> Optional<Versioned<T>> getVersioned(String key, Class<T> type) throws IOException {
        return entry(key).map(entry -> new Versioned<>(fromJson(entry.getValue(), type), entry.getRevision()));
    }

    /** Creates the key with a JSON value; empty when it already had one. */
    public <T> Optional<Versioned<T>> createVersioned(String key, T value) throws IOException {
        long revision = createRevision(key, toJson(value));
        return revision > 0 ? Optional.of(new Versioned<>(value, revision)) : Optional.empty();
    }

    /** Replaces the JSON value if the key is still at the revision read; empty when someone wrote it since. */
    public <T> Optional<Versioned<T>> replaceJson(String key, Versioned<T> read, T value) throws IOException {
        try {
            long revision = kv().update(key, toJson(value), read.revision());
            return Optional.of(new Versioned<>(value, revision));
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return Optional.empty();
            }
            throw new IOException("KV " + bucket + " update " + key + " failed: " + e.getMessage(), e);
        }
    }

    /** {@link #update} for a JSON value: {@code change} sees and returns {@code type}, null to leave it. */
    public <T> Optional<T> updateJson(String key, Class<T> type, UnaryOperator<T> change) throws IOException {
        Optional<byte[]> stored = update(key, current -> {
            T changed = change.apply(fromJson(current, type));
            return changed == null ? null : toJson(changed);
        });
        return stored.map(json -> fromJson(json, type));
    }

    private static <T> T fromJson(byte[] json, Class<T> type) {
        try {
            return Json.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] toJson(Object value) {
        try {
            return Json.MAPPER.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(String key) throws IOException {
        try {
            kv().delete(key);
        } catch (JetStreamApiException e) {
            throw new IOException("KV " + bucket + " delete " + key + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Applies {@code change} to the current value with compare-and-set, re-reading and re-applying it
     * when another writer got there first. {@code change} returns null to leave the value as it is.
     * Returns the value the key holds afterwards, or empty when the key does not exist.
     */
    public Optional<byte[]> update(String key, UnaryOperator<byte[]> change) throws IOException {
        while (true) {
            Optional<KeyValueEntry> current = entry(key);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            byte[] changed = change.apply(current.get().getValue());
            if (changed == null) {
                return Optional.of(current.get().getValue());
            }
            try {
                kv().update(key, changed, current.get().getRevision());
                return Optional.of(changed);
            } catch (JetStreamApiException e) {
                if (e.getApiErrorCode() != WRONG_LAST_SEQUENCE) {
                    throw new IOException("KV " + bucket + " update " + key + " failed: " + e.getMessage(), e);
                }
            }
        }
    }
}
