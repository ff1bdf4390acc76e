package io.orderflow.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.KeyValueOperation;
import io.orderflow.event.Json;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * One JetStream KV bucket with the writes a shared store needs: create-if-absent and compare-and-set,
 * so that replicas never overwrite each other. Every failure to reach NATS is an {@link IOException},
 * which the flows treat as technical (retried later), never as a reason to dead-letter an event.
 */
public class KeyValueBucket {

    /** JetStream's "wrong last sequence": someone else wrote the key first. */
    private static final int WRONG_LAST_SEQUENCE = 10071;
    /** What a compare-and-set answers when it lost. */
    private static final long CONFLICT = -1;

    /** A value with the revision it was read at, for a later {@link #replaceJson}. */
    public record Versioned<T>(T value, long revision) {
    }

    private interface KeyValueCall<T> {
        T call(KeyValue kv) throws IOException, JetStreamApiException;
    }

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

    public Optional<byte[]> get(String key) throws IOException {
        return entry(key).map(KeyValueEntry::getValue);
    }

    public void put(String key, byte[] value) throws IOException {
        call("put", key, kv -> kv.put(key, value));
    }

    /** Writes the value only when the key holds none; false when it already had one. */
    public boolean create(String key, byte[] value) throws IOException {
        return call("create", key, kv -> kv.create(key, value)) != CONFLICT;
    }

    public void delete(String key) throws IOException {
        call("delete", key, kv -> {
            kv.delete(key);
            return 0L;
        });
    }

    /** The JSON value of the key as {@code type}, or empty. */
    public <T> Optional<T> getJson(String key, Class<T> type) throws IOException {
        return get(key).map(json -> fromJson(json, type));
    }

    /** {@link #create} for a value written as JSON. */
    public boolean createJson(String key, Object value) throws IOException {
        return create(key, toJson(value));
    }

    public <T> Optional<Versioned<T>> getVersioned(String key, Class<T> type) throws IOException {
        return entry(key).map(entry -> new Versioned<>(fromJson(entry.getValue(), type), entry.getRevision()));
    }

    /** Creates the key with a JSON value; empty when it already had one. */
    public <T> Optional<Versioned<T>> createVersioned(String key, T value) throws IOException {
        long revision = call("create", key, kv -> kv.create(key, toJson(value)));
        return revision == CONFLICT ? Optional.empty() : Optional.of(new Versioned<>(value, revision));
    }

    /** Replaces the JSON value if the key is still at the revision read; empty when someone wrote it since. */
    public <T> Optional<Versioned<T>> replaceJson(String key, Versioned<T> read, T value) throws IOException {
        long revision = call("update", key, kv -> kv.update(key, toJson(value), read.revision()));
        return revision == CONFLICT ? Optional.empty() : Optional.of(new Versioned<>(value, revision));
    }

    private Optional<KeyValueEntry> entry(String key) throws IOException {
        KeyValueEntry entry = call("get", key, kv -> kv.get(key));
        return entry == null || entry.getOperation() != KeyValueOperation.PUT ? Optional.empty() : Optional.of(entry);
    }

    /** Runs one KV call; a lost compare-and-set answers {@link #CONFLICT}, every other failure is an IOException. */
    @SuppressWarnings("unchecked")
    private <T> T call(String operation, String key, KeyValueCall<T> call) throws IOException {
        try {
            return call.call(kv());
        } catch (IOException e) {
            throw connection.checkTimeout(e);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() == WRONG_LAST_SEQUENCE) {
                return (T) Long.valueOf(CONFLICT);
            }
            throw new IOException("KV " + bucket + " " + operation + " " + key + " failed: " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            // jnats' way of saying the connection is closed or its outgoing queue is full
            throw new IOException("KV " + bucket + " " + operation + " " + key + ": NATS not usable now: " + e.getMessage(), e);
        }
    }

    private KeyValue kv() throws IOException {
        KeyValue current = keyValue;
        if (current == null) {
            current = connection.keyValue(bucket);
            keyValue = current;
        }
        return current;
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
}
