package io.orderflow.nats;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.apache.camel.spi.IdempotentRepository;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel's idempotent-consumer memory kept in a JetStream KV bucket: it survives restarts and is shared by
 * every replica. Adding is a create-if-absent, so two replicas racing on one key cannot both win.
 */
public class KeyValueIdempotentRepository extends ServiceSupport implements IdempotentRepository {

    private final KeyValueBucket bucket;

    public KeyValueIdempotentRepository(KeyValueBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public boolean add(String key) {
        try {
            return bucket.create(key, Instant.now().toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean contains(String key) {
        try {
            return bucket.get(key).isPresent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean remove(String key) {
        try {
            bucket.delete(key);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean confirm(String key) {
        return true;
    }

    @Override
    public void clear() {
        throw new UnsupportedOperationException("Clearing the " + bucket.name() + " bucket would allow duplicates");
    }
}
