package io.orderflow.load;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.nats.client.ConsumeOptions;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.KeyValue;
import io.nats.client.Message;
import io.nats.client.MessageConsumer;
import io.nats.client.PublishOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.PublishAck;
import io.orderflow.event.Json;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.nats.JetStreamTopology;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The benchmark's yardstick: Orderflow's JetStream work for an order that is confirmed, hand-written on
 * jnats alone (no Camel, no HTTP, no payment gateway, no email), on streams and buckets of its own:
 * <ol>
 * <li>place: publish OrderCreated on the order's subject while it is empty (the publish is the order);</li>
 * <li>inventory: claim the reservation (KV create), take each line (KV get + compare-and-set on the SKU),
 * record the reservation (KV update), settle each line (KV get + compare-and-set), publish InventoryReserved;</li>
 * <li>payment: read the order as placed (direct get), look for a recorded decision (KV get), check the order
 * is not cancelled (direct get), record the decision (KV create), publish PaymentAuthorized;</li>
 * <li>order: read the order (direct get) and the recorded decision (KV get), publish OrderConfirmed;</li>
 * <li>notification: read the order (direct get), mark the email sent (KV create), publish NotificationSent;</li>
 * <li>audit: the server sources the four event streams into one, filing each event under its order.</li>
 * </ol>
 * Every event is published only while its subject is empty, as the flows publish.
 * Each step consumes from a durable pull consumer and acks once its publish is acknowledged. It uses the
 * batching jnats allows: pulls of {@link #BATCH} messages, asynchronous publishes, many messages in flight.
 * KV calls are request-reply in jnats, so they run on a pool of threads.
 */
public final class JetStreamBaseline implements AutoCloseable {

    static final String MEASURING = "baseline: measuring";
    static final String MEASURED = "baseline: measured";
    /**
     * Begins the line printed once a second from start to {@link #MEASURED}, for the bench's timeline: the
     * orders confirmed in that second, then their latency p50 and p99 in ms ({@code -} when none was), as in
     * {@code baseline: second 355 5410.8 6307.8}.
     */
    static final String SECOND = "baseline: second ";
    private static final String NONE = "-";
    /** JetStream's "no message found". */
    private static final int NO_MESSAGE_FOUND = 10037;
    private static final int BATCH = 256;
    private static final int THREADS_PER_STEP = 16;
    private static final String[] SKUS = {"LOAD-1", "LOAD-2", "LOAD-3", "LOAD-4", "LOAD-5", "LOAD-6", "LOAD-7",
            "LOAD-8", "LOAD-9", "LOAD-10"};

    private final JetStreamConnection connection = new JetStreamConnection();
    private final List<ExecutorService> pools = new ArrayList<>();
    private final List<MessageConsumer> consumers = new ArrayList<>();
    private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
    /** Each order in flight holds one of the driver's --max-pending permits until it is confirmed. */
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();
    private final Histogram latency = new ConcurrentHistogram(3_600_000_000L, 3);
    private final Recorder latencyThisSecond = new Recorder(3);
    private final AtomicLong confirmed = new AtomicLong();
    private final AtomicLong lastConfirmedNanos = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private JetStream js;
    private KeyValue stock;
    private KeyValue reservations;
    private KeyValue decisions;
    private KeyValue notifications;

    /** What a baseline run measured. */
    public record Result(@JsonProperty("orders_per_second") double ordersPerSecond,
            long confirmed, long failures, LoadReport.Latency latencyMs) {
    }

    public static void main(String[] args) throws Exception {
        String nats = "nats://127.0.0.1:4222";
        int seconds = 30;
        int warmupSeconds = 0;
        int maxPending = 2000;
        int rate = 0;
        int replicas = 1;
        String json = null;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--nats" -> nats = args[i + 1];
                case "--seconds" -> seconds = Integer.parseInt(args[i + 1]);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(args[i + 1]);
                case "--max-pending" -> maxPending = Integer.parseInt(args[i + 1]);
                case "--rate" -> rate = Integer.parseInt(args[i + 1]);
                case "--json" -> json = args[i + 1];
                case "--replicas" -> replicas = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("usage: JetStreamBaseline --nats URL --warmup-seconds N --seconds N "
                        + "--max-pending N --rate N(0: open) --replicas N --json FILE");
            }
        }
        try (JetStreamBaseline baseline = new JetStreamBaseline(nats, replicas)) {
            ScheduledExecutorService secondLines = Timeline.everySecond("baseline-seconds", baseline::printSecond);
            if (warmupSeconds > 0) {
                baseline.run(Duration.ofSeconds(warmupSeconds), rate, maxPending);
            }
            // the bench reads the CPU of this process and of nats-server between these two lines
            System.out.println(MEASURING);
            System.out.flush();
            Result result = baseline.run(Duration.ofSeconds(seconds), rate, maxPending);
            secondLines.shutdown();
            // the bench's timeline ends with the measured phase: no second line after MEASURED
            secondLines.awaitTermination(5, TimeUnit.SECONDS);
            System.out.println(MEASURED);
            System.out.println(Json.MAPPER.writeValueAsString(result));
            if (json != null) {
                Files.write(Path.of(json), Json.MAPPER.writeValueAsBytes(result));
            }
        }
        System.exit(0);
    }

    public JetStreamBaseline(String natsUrl, int replicas) throws Exception {
        connection.setUrl(natsUrl);
        connection.start();
        JetStreamTopology topology = new JetStreamTopology(connection);
        topology.setStreams("B_ORDERS=baseline.orders.>;B_INVENTORY=baseline.inventory.>;B_PAYMENTS=baseline.payments.>;"
                + "B_NOTIFICATIONS=baseline.notifications.>");
        topology.setAuditStream("B_AUDIT");
        topology.setReplicas(replicas);
        topology.setAuditSources("B_ORDERS,B_INVENTORY,B_PAYMENTS,B_NOTIFICATIONS");
        topology.setBuckets("b-stock,b-reservations,b-charge-decisions,b-notifications-sent");
        topology.declare();
        js = connection.jetStream();
        stock = connection.keyValue("b-stock");
        reservations = connection.keyValue("b-reservations");
        decisions = connection.keyValue("b-charge-decisions");
        notifications = connection.keyValue("b-notifications-sent");
        for (String sku : SKUS) {
            stock.put(sku, "{\"available\":1000000000}".getBytes(StandardCharsets.UTF_8));
        }
        step("B_ORDERS", "baseline.orders.created.>", "b-inventory", this::reserve);
        step("B_INVENTORY", "baseline.inventory.reserved.>", "b-payment", this::charge);
        step("B_PAYMENTS", "baseline.payments.authorized.>", "b-order-outcome", this::confirm);
        step("B_ORDERS", "baseline.orders.confirmed.>", "b-notification", this::notify);
    }

    private interface Step {
        CompletableFuture<PublishAck> handle(String orderId, Message message) throws Exception;
    }

    private void step(String stream, String filter, String durable, Step step) throws Exception {
        ConsumerConfiguration.Builder config = ConsumerConfiguration.builder().durable(durable).ackPolicy(AckPolicy.Explicit)
                .ackWait(Duration.ofSeconds(30));
        if (filter != null) {
            config.filterSubject(filter);
        }
        connection.management().addOrUpdateConsumer(stream, config.build());
        ExecutorService pool = Executors.newFixedThreadPool(THREADS_PER_STEP);
        pools.add(pool);
        Semaphore inFlight = new Semaphore(BATCH * 2);
        consumers.add(js.getConsumerContext(stream, durable).consume(ConsumeOptions.builder().batchSize(BATCH).build(),
                message -> {
                    inFlight.acquireUninterruptibly();
                    pool.execute(() -> {
                        String subject = message.getSubject();
                        try {
                            step.handle(subject.substring(subject.lastIndexOf('.') + 1), message).whenComplete((ack, error) -> {
                                if (error == null) {
                                    message.ack();
                                } else {
                                    failures.incrementAndGet();
                                    message.nak();
                                }
                                inFlight.release();
                            });
                        } catch (Exception e) {
                            failures.incrementAndGet();
                            message.nak();
                            inFlight.release();
                        }
                    });
                }));
    }

    public Result run(Duration duration, int rate, int maxPending) throws Exception {
        confirmed.set(0);
        failures.set(0);
        latency.reset();
        ExecutorService drivers = Executors.newFixedThreadPool(THREADS_PER_STEP);
        Semaphore pending = new Semaphore(maxPending > 0 ? maxPending : Integer.MAX_VALUE);
        long started = System.nanoTime();
        long stopAt = started + duration.toNanos();
        SplittableRandom random = new SplittableRandom(42);
        for (long i = 0; System.nanoTime() < stopAt; i++) {
            if (rate > 0) {
                long wait = started + i * 1_000_000_000L / rate - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            }
            pending.acquire();
            String lines = lines(random);
            drivers.execute(() -> place(lines, pending));
        }
        drivers.shutdown();
        awaitQuiet(Duration.ofSeconds(60));
        // as Orderflow's figure: from the first order to the last confirmation
        double seconds = Math.max(1e-3, (lastConfirmedNanos.get() - started) / 1e9);
        return new Result(confirmed.get() / seconds, confirmed.get(), failures.get(), LoadReport.Latency.of(latency));
    }

    private void awaitQuiet(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (!startedAt.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    private void place(String lines, Semaphore pending) {
        String orderId = UUID.randomUUID().toString();
        try {
            startedAt.put(orderId, System.nanoTime());
            permits.put(orderId, pending);
            publish("baseline.orders.created." + orderId, "{\"items\":" + lines + "}").join();
        } catch (Exception e) {
            failures.incrementAndGet();
            startedAt.remove(orderId);
            permits.remove(orderId);
            pending.release();
        }
    }

    private CompletableFuture<PublishAck> reserve(String orderId, Message orderCreated) throws Exception {
        List<String> skus = skus(orderCreated);
        long claim = reservations.create(orderId, "{\"status\":\"RESERVING\"}".getBytes(StandardCharsets.UTF_8));
        for (String sku : skus) {
            changeStock(sku, orderId + ":take");
        }
        reservations.update(orderId, "{\"status\":\"RESERVED\"}".getBytes(StandardCharsets.UTF_8), claim);
        for (String sku : skus) {
            changeStock(sku, orderId + ":settle");
        }
        return publish("baseline.inventory.reserved." + orderId, new String(orderCreated.getData(), StandardCharsets.UTF_8));
    }

    /** A compare-and-set on the SKU's record, read again when another writer got there first. */
    private void changeStock(String sku, String marker) throws IOException, JetStreamApiException {
        while (true) {
            KeyValueEntry current = stock.get(sku);
            byte[] changed = ("{\"available\":" + (available(current.getValue()) - 1) + ",\"last\":\"" + marker + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            try {
                stock.update(sku, changed, current.getRevision());
                return;
            } catch (JetStreamApiException lostRace) {
                if (lostRace.getApiErrorCode() != 10071) {
                    throw lostRace;
                }
            }
        }
    }

    private CompletableFuture<PublishAck> charge(String orderId, Message inventoryReserved) throws Exception {
        readOrder(orderId);
        if (decisions.get(orderId) == null) {
            absent("B_ORDERS", "baseline.orders.cancelled." + orderId);
            decisions.create(orderId, "{\"status\":\"approved\"}".getBytes(StandardCharsets.UTF_8));
        }
        return publish("baseline.payments.authorized." + orderId, "{\"order_id\":\"" + orderId + "\"}");
    }

    private CompletableFuture<PublishAck> confirm(String orderId, Message paymentAuthorized) throws Exception {
        readOrder(orderId);
        decisions.get(orderId);
        return publish("baseline.orders.confirmed." + orderId, "{\"order_id\":\"" + orderId + "\"}").thenApply(ack -> {
            Long started = startedAt.remove(orderId);
            Semaphore pending = permits.remove(orderId);
            if (started != null && pending != null) {
                long now = System.nanoTime();
                long micros = (now - started) / 1_000;
                latency.recordValue(micros);
                latencyThisSecond.recordValue(micros);
                confirmed.incrementAndGet();
                lastConfirmedNanos.accumulateAndGet(now, Math::max);
                pending.release();
            }
            return ack;
        });
    }

    private CompletableFuture<PublishAck> notify(String orderId, Message orderConfirmed) throws Exception {
        readOrder(orderId);
        notifications.create("email." + orderId, "sent".getBytes(StandardCharsets.UTF_8));
        return publish("baseline.notifications.sent." + orderId, "{\"order_id\":\"" + orderId + "\"}");
    }

    private void readOrder(String orderId) throws IOException, JetStreamApiException {
        connection.management().getLastMessage("B_ORDERS", "baseline.orders.created." + orderId);
    }

    private void absent(String stream, String subject) throws IOException, JetStreamApiException {
        try {
            connection.management().getLastMessage(stream, subject);
            throw new IllegalStateException(subject + " is not empty");
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != NO_MESSAGE_FOUND) {
                throw e;
            }
        }
    }

    private CompletableFuture<PublishAck> publish(String subject, String json) {
        return js.publishAsync(subject, null, json.getBytes(StandardCharsets.UTF_8),
                PublishOptions.builder().messageId(subject).expectedLastSubjectSequence(0).build());
    }

    private void printSecond() {
        System.out.println(secondLine(Timeline.Second.of(latencyThisSecond.getIntervalHistogram())));
    }

    static String secondLine(Timeline.Second second) {
        return SECOND + second.ended() + " " + millisOrNone(second.p50Ms()) + " " + millisOrNone(second.p99Ms());
    }

    /** A {@link #SECOND} line read back. */
    static Timeline.Second parseSecond(String line) {
        String[] fields = line.startsWith(SECOND) ? line.substring(SECOND.length()).split(" ") : new String[0];
        if (fields.length != 3) {
            throw new IllegalArgumentException("not a line of the baseline's seconds: " + line);
        }
        return new Timeline.Second(Long.parseLong(fields[0]), millis(fields[1]), millis(fields[2]));
    }

    private static String millisOrNone(Double millis) {
        return millis == null ? NONE : millis.toString();
    }

    private static Double millis(String field) {
        return field.equals(NONE) ? null : Double.valueOf(field);
    }

    private static String lines(SplittableRandom random) {
        StringBuilder json = new StringBuilder("[");
        int lines = 1 + random.nextInt(2);
        for (int line = 0; line < lines; line++) {
            json.append(line == 0 ? "" : ",").append("{\"sku\":\"").append(SKUS[random.nextInt(SKUS.length)])
                    .append("\",\"quantity\":").append(1 + random.nextInt(3)).append('}');
        }
        return json.append(']').toString();
    }

    private static List<String> skus(Message orderCreated) {
        List<String> skus = new ArrayList<>();
        String json = new String(orderCreated.getData(), StandardCharsets.UTF_8);
        for (int at = json.indexOf("\"sku\":\""); at >= 0; at = json.indexOf("\"sku\":\"", at + 1)) {
            skus.add(json.substring(at + 7, json.indexOf('"', at + 7)));
        }
        skus.sort(null);
        return skus;
    }

    private static long available(byte[] stockJson) {
        String json = new String(stockJson, StandardCharsets.UTF_8);
        int start = json.indexOf(':') + 1;
        int end = json.indexOf(',', start);
        return Long.parseLong(json.substring(start, end < 0 ? json.indexOf('}') : end));
    }


    @Override
    public void close() throws Exception {
        for (MessageConsumer consumer : consumers) {
            consumer.stop();
        }
        pools.forEach(ExecutorService::shutdownNow);
        connection.stop();
    }
}
