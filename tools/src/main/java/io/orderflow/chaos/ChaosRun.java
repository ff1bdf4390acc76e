package io.orderflow.chaos;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.sandbox.MalformedInput;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.sandbox.nats.NatsServerProcess;

/**
 * {@code ./orderflow chaos}: runs Orderflow as separate processes (nats-server, an API process with the
 * orders and audit flows, a worker process with inventory, payment and notification, the gateway
 * simulator, a mail sink), drives orders through it while breaking it on purpose, then reconciles a ledger
 * read from JetStream and the gateway and exits non-zero if anything was lost or doubled.
 */
public final class ChaosRun {

    private static final List<String> SKUS = List.of("CHAOS-1", "CHAOS-2", "CHAOS-3", "CHAOS-4", "CHAOS-5");

    private static final Duration DUPLICATE_WINDOW = Duration.ofSeconds(5);
    private static final int LATE_REPLAY_ORDERS = 500;

    private final ChaosSettings settings;
    private final Map<String, String> accepted = new ConcurrentHashMap<>();
    private final AtomicInteger submitted = new AtomicInteger();
    /** Every Idempotency-Key the driver thread used; read once it has ended. */
    private final List<String> keys = new ArrayList<>();
    private final AtomicInteger answered4xx = new AtomicInteger();
    private final AtomicInteger gaveUp = new AtomicInteger();
    private final AtomicInteger malformedAnswered = new AtomicInteger();
    private long initialStock;

    private ChaosRun(ChaosSettings settings) {
        this.settings = settings;
    }

    public static void main(String[] args) throws Exception {
        ChaosSettings settings = null;
        try {
            settings = ChaosSettings.parse(args);
        } catch (IllegalArgumentException refused) {
            System.err.println(refused.getMessage() + "\n" + ChaosSettings.USAGE);
            System.exit(2);
        }
        // the mail sink's connections die with a killed worker: one line each, not a stack trace
        Thread.setDefaultUncaughtExceptionHandler((thread, error) ->
                System.err.println(thread.getName() + ": " + error.getMessage()));
        System.exit(new ChaosRun(settings).run() ? 0 : 1);
    }

    private boolean run() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess();
             PaymentGatewaySimulator gateway = new PaymentGatewaySimulator(0)) {
            GreenMail mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            gateway.setDeclineRate(0.02);
            gateway.setLatencyMillis(5);
            Map<String, String> environment = new HashMap<>();
            environment.put("NATS_URL", nats.url());
            environment.put("PAYMENT_GATEWAY_URL", gateway.url());
            environment.put("SMTP_PORT", Integer.toString(mail.getSmtp().getPort()));
            environment.put("CONSUMER_ACK_WAIT", "10s");
            environment.put("INVENTORY_CLAIM_LEASE", "10s");
            // a short duplicate window, so that the late replay below comes after it within the run
            environment.put("STREAM_DUPLICATE_WINDOW", DUPLICATE_WINDOW.toSeconds() + "s");
            OrderflowProcess api = process(environment, "orders,audit", "chaos-api");
            OrderflowProcess workers = process(environment, "inventory,payment,notification", "chaos-workers");
            JetStreamConnection inspector = new JetStreamConnection();
            try {
                step("starting the API process (orders, audit) and the worker process (inventory, payment, notification)");
                api.start();
                workers.start();
                inspector.setUrl(nats.url());
                inspector.start();
                OrderflowClient client = new OrderflowClient(api.httpPort());
                OrderflowClient inventory = new OrderflowClient(workers.httpPort());
                initialStock = (long) settings.orders() * 3;
                for (String sku : SKUS) {
                    inventory.setStock(sku, initialStock / SKUS.size());
                }
                Thread driver = new Thread(() -> drive(client), "chaos-driver");
                driver.start();
                injectFaults(client, nats, gateway, api, workers);
                driver.join();
                step("all " + settings.orders() + " orders submitted; waiting for them to settle");
                awaitSettled(inspector);
                List<String> sample = accepted.values().stream().limit(LATE_REPLAY_ORDERS).toList();
                step("handing " + sample.size() + " orders' OrderCreated and PaymentAuthorized to the flows again, after the"
                        + " duplicate window");
                LateReplay lateReplay = new LateReplay(inspector);
                // an order settles with its terminal event and its email follows: count emails once all are sent
                lateReplay.awaitEmailsSent();
                long chargesBefore = gateway.approvals();
                int emailsBefore = mail.getReceivedMessages().length;
                Set<String> copied = lateReplay.replay(sample, DUPLICATE_WINDOW);
                ChaosReport.Replay replay = new ChaosReport.Replay(copied, chargesBefore, gateway.approvals(), emailsBefore,
                        mail.getReceivedMessages().length);
                return report(readLedger(inspector), replay, gateway, mail, inventory);
            } finally {
                inspector.stop();
                api.close();
                workers.close();
                mail.stop();
            }
        }
    }

    private OrderflowProcess process(Map<String, String> common, String flows, String name) throws IOException {
        Map<String, String> environment = new HashMap<>(common);
        environment.put("ORDERFLOW_SERVICES", flows);
        environment.put("HTTP_PORT", Integer.toString(NatsServerProcess.freePort()));
        return new OrderflowProcess(environment, OrderflowProcess.logFile(name));
    }

    /** Submits the orders at the configured rate; a client retries with the same Idempotency-Key. */
    private void drive(OrderflowClient client) {
        ExecutorService clients = Executors.newFixedThreadPool(32);
        long start = System.nanoTime();
        Random random = new Random(1);
        for (int i = 0; i < settings.orders(); i++) {
            long due = start + TimeUnit.SECONDS.toNanos(i) / settings.rate();
            long wait = due - System.nanoTime();
            if (wait > 0) {
                sleep(TimeUnit.NANOSECONDS.toMillis(wait));
            }
            String key = "chaos-" + i;
            keys.add(key);
            String body = OrderflowClient.orderJson("c-" + i, SKUS.get(random.nextInt(SKUS.size())), 1 + random.nextInt(3), "7.50");
            clients.execute(() -> submit(client, key, body));
        }
        clients.shutdown();
        awaitTermination(clients);
    }

    private void submit(OrderflowClient client, String key, String body) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.post("/orders", body, Map.of("Idempotency-Key", key));
                if (response.statusCode() == 202) {
                    accepted.put(key, OrderflowClient.json(response).get("order_id").asText());
                    submitted.incrementAndGet();
                    return;
                }
                if (response.statusCode() < 500) {
                    // final for a client, as it should be: a valid order must never get one
                    answered4xx.incrementAndGet();
                    submitted.incrementAndGet();
                    return;
                }
            } catch (Exception unavailable) {
                // the API process is restarting: retry
            }
            sleep(250);
        }
        gaveUp.incrementAndGet();
        submitted.incrementAndGet();
    }

    private void injectFaults(OrderflowClient client, NatsServerProcess nats, PaymentGatewaySimulator gateway,
                              OrderflowProcess api, OrderflowProcess workers) throws Exception {
        awaitSubmitted(0.10);
        step("kill -9 of the worker process");
        workers.kill();
        sleep(2_000);
        workers.start();
        step("worker process restarted");

        awaitSubmitted(0.30);
        step("nats-server restart");
        nats.restart();

        awaitSubmitted(0.45);
        step("payment gateway outage for " + settings.outage().toSeconds() + " s");
        gateway.setOutage(true);
        sleep(settings.outage().toMillis());
        gateway.setOutage(false);
        step("payment gateway back");

        awaitSubmitted(0.70);
        step("rolling restart with SIGTERM: API process, then worker process");
        api.terminate(Duration.ofSeconds(60));
        api.start();
        workers.terminate(Duration.ofSeconds(60));
        workers.start();

        awaitSubmitted(0.85);
        step(settings.malformed() + " malformed HTTP requests and " + settings.malformed() + " malformed events");
        Random random = new Random(2);
        JetStreamConnection publisher = new JetStreamConnection();
        publisher.setUrl(nats.url());
        publisher.start();
        try {
            for (int i = 0; i < settings.malformed(); i++) {
                int status = client.post("/orders", MalformedInput.order(random), Map.of()).statusCode();
                if (status >= 400 && status < 500) {
                    malformedAnswered.incrementAndGet();
                }
                publisher.jetStream().publish("orders.created.chaos-bad-" + i, MalformedInput.event(random).getBytes());
            }
        } finally {
            publisher.stop();
        }
    }

    private void awaitSubmitted(double fraction) {
        while (submitted.get() < settings.orders() * fraction) {
            sleep(100);
        }
    }

    /** Waits until every accepted order has an outcome, or nothing moved for two minutes. */
    /**
     * Reads the ledger, again while the inspector's own connection recovers from the nats-server restart
     * (a read can time out until it has reconnected).
     */
    private static Ledger readLedger(JetStreamConnection inspector) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                return Ledger.read(inspector);
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                System.err.println("reading the ledger failed (" + notYet.getMessage() + "); again in 1 s");
                TimeUnit.SECONDS.sleep(1);
            }
        }
    }

    private void awaitSettled(JetStreamConnection inspector) throws IOException, InterruptedException {
        int settledBefore = -1;
        long lastProgress = System.nanoTime();
        while (System.nanoTime() - lastProgress < TimeUnit.MINUTES.toNanos(2)) {
            Ledger ledger = readLedger(inspector);
            int settled = 0;
            for (String order : accepted.values()) {
                if (ledger.confirmed.containsKey(order) || ledger.cancelled.containsKey(order)) {
                    settled++;
                }
            }
            if (settled == accepted.size()) {
                return;
            }
            if (settled != settledBefore) {
                settledBefore = settled;
                lastProgress = System.nanoTime();
                step(settled + " of " + accepted.size() + " orders settled");
            }
            sleep(2_000);
        }
    }

    private boolean report(Ledger ledger, ChaosReport.Replay replay, PaymentGatewaySimulator gateway, GreenMail mail,
                           OrderflowClient inventory) throws Exception {
        // a PaymentAuthorized the late replay copied counts once: the copy is the replay's, not the flows'
        long chargedTwice = gateway.doubleCharges().size() + ledger.authorized.entrySet().stream()
                .filter(order -> order.getValue() > (replay.copied().contains("payments.authorized." + order.getKey()) ? 2 : 1))
                .count();
        long available = 0;
        for (String sku : SKUS) {
            available += inventory.stock(sku);
        }
        ChaosReport.Clients clients = new ChaosReport.Clients(submitted.get(), accepted, keys, answered4xx.get(), gaveUp.get(),
                malformedAnswered.get(), settings.malformed());
        return new ChaosReport().write(clients, ledger, replay, chargedTwice, mail.getReceivedMessages(),
                initialStock / SKUS.size() * SKUS.size(), available);
    }

    private static void step(String what) {
        System.out.println(java.time.LocalTime.now().withNano(0) + "  " + what);
    }

    private static void awaitTermination(ExecutorService executor) {
        try {
            executor.awaitTermination(1, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
