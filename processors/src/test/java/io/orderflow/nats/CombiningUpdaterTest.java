package io.orderflow.nats;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.nats.KeyValueBucket.Versioned;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Combined compare-and-set updates lose no change, whether they race within one process or across two. */
class CombiningUpdaterTest {

    public record Counter(long count) {
    }

    private NatsServerProcess nats;
    private JetStreamConnection first;
    private JetStreamConnection second;

    @BeforeEach
    void start() throws Exception {
        nats = new NatsServerProcess();
        first = connect();
        second = connect();
        JetStreamTopology topology = new JetStreamTopology(first);
        topology.setBuckets("counters");
        topology.declare();
    }

    private JetStreamConnection connect() throws Exception {
        JetStreamConnection connection = new JetStreamConnection();
        connection.setUrl(nats.url());
        connection.start();
        return connection;
    }

    @AfterEach
    void stop() throws Exception {
        first.stop();
        second.stop();
        nats.close();
    }

    @Test
    void everyChangeCountsOnceWhenManyThreadsOfTwoProcessesRace() throws Exception {
        KeyValueBucket bucket = new KeyValueBucket(first, "counters");
        bucket.createJson("hot", new Counter(0));
        // two updaters on two connections stand for two replicas of the inventory flow
        List<CombiningUpdater<Counter>> replicas = List.of(new CombiningUpdater<>(bucket, Counter.class),
                new CombiningUpdater<>(new KeyValueBucket(second, "counters"), Counter.class));
        ExecutorService threads = Executors.newFixedThreadPool(32);
        List<Future<Optional<Counter>>> results = new ArrayList<>();
        for (int i = 0; i < 640; i++) {
            CombiningUpdater<Counter> replica = replicas.get(i % 2);
            Callable<Optional<Counter>> increment = () -> replica.update("hot", counter -> new Counter(counter.count() + 1));
            results.add(threads.submit(increment));
        }
        for (Future<Optional<Counter>> result : results) {
            assertTrue(result.get().isPresent());
        }
        threads.shutdown();

        assertEquals(640, bucket.getJson("hot", Counter.class).orElseThrow().count());
    }

    @Test
    void changesQueuedWhileAWriteIsUnderWayAreWrittenTogetherInOneCompareAndSet() throws Exception {
        KeyValueBucket bucket = new KeyValueBucket(first, "counters");
        bucket.createJson("batched", new Counter(0));
        long revision = bucket.getVersioned("batched", Counter.class).orElseThrow().revision();
        CombiningUpdater<Counter> updater = new CombiningUpdater<>(bucket, Counter.class);
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread writer = new Thread(() -> call(() -> updater.update("batched", counter -> {
            writing.countDown();
            await(release);
            return new Counter(counter.count() + 1);
        })));
        writer.start();
        writing.await();
        List<Thread> waiting = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Thread next = new Thread(() -> call(() -> updater.update("batched", counter -> new Counter(counter.count() + 1))));
            next.start();
            waiting.add(next);
        }
        // all ten wait for the write under way
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> waiting.stream().allMatch(thread -> thread.getState() == Thread.State.WAITING));
        release.countDown();
        writer.join();
        for (Thread thread : waiting) {
            thread.join();
        }

        Versioned<Counter> written = bucket.getVersioned("batched", Counter.class).orElseThrow();
        assertEquals(11, written.value().count());
        assertEquals(revision + 2, written.revision(), "the first change, then the ten that waited, in one write");
    }

    private static void call(Callable<?> update) {
        try {
            update.call();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aChangeThatLeavesTheValueWritesNothingAndAnAbsentKeyAnswersEmpty() throws Exception {
        KeyValueBucket bucket = new KeyValueBucket(first, "counters");
        bucket.createJson("quiet", new Counter(7));
        long revision = bucket.getVersioned("quiet", Counter.class).orElseThrow().revision();
        CombiningUpdater<Counter> updater = new CombiningUpdater<>(bucket, Counter.class);

        assertEquals(7, updater.update("quiet", counter -> null).orElseThrow().count());
        assertEquals(revision, bucket.getVersioned("quiet", Counter.class).orElseThrow().revision());
        assertTrue(updater.update("absent", counter -> new Counter(1)).isEmpty());
        assertTrue(bucket.get("absent").isEmpty());
    }

    @Test
    void aFailingChangeFailsAloneAndLaterChangesSeeTheCurrentValue() throws Exception {
        KeyValueBucket bucket = new KeyValueBucket(first, "counters");
        bucket.createJson("mixed", new Counter(1));
        CombiningUpdater<Counter> updater = new CombiningUpdater<>(bucket, Counter.class);
        updater.update("mixed", counter -> new Counter(counter.count() + 1));
        // another replica writes: this updater's remembered revision is now stale
        KeyValueBucket replica = new KeyValueBucket(second, "counters");
        Versioned<Counter> read = replica.getVersioned("mixed", Counter.class).orElseThrow();
        replica.replaceJson("mixed", read, new Counter(read.value().count() * 10)).orElseThrow();

        // deciding to change nothing rests on the value the key holds now, not on this updater's last write
        assertEquals(20, updater.update("mixed", counter -> null).orElseThrow().count());
        assertThrows(IllegalStateException.class, () -> updater.update("mixed", counter -> {
            throw new IllegalStateException("bad change");
        }));
        assertEquals(21, updater.update("mixed", counter -> new Counter(counter.count() + 1)).orElseThrow().count());
        assertEquals(21, bucket.getJson("mixed", Counter.class).orElseThrow().count());
    }
}
