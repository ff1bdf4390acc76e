package io.orderflow.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@code ./orderflow load} does. Every option has a default, so {@code ./orderflow load} alone drives
 * a local system at 500 orders/s for 30 s.
 *
 * @param rate          orders per second offered; 0 is an open throttle bounded only by {@code concurrency}
 * @param orders        stop after this many orders (0: no limit, {@code duration} decides)
 * @param duration      stop submitting after this long (when {@code orders} is 0)
 * @param concurrency   POST /orders requests outstanding at most
 * @param maxPending    orders submitted but not yet ended at most (0: no limit); with an open throttle this
 *                      measures what the system sustains instead of how fast a backlog grows
 * @param skus          the SKU mix: each order picks its lines' SKUs with these weights
 * @param maxLines      lines per order, 1 to this many
 * @param maxQuantity   units per line, 1 to this many
 * @param stock         units set per SKU before the run through PUT /inventory (0: leave stock alone)
 * @param declineRate   the gateway simulator's decline rate to set before the run (null: leave it)
 * @param errorRate     the gateway simulator's transient error rate to set before the run (null: leave it)
 * @param settleTimeout how long to wait for accepted orders to end after the last submission
 */
public record LoadSettings(String url, String natsUrl, String gatewayUrl, int rate, int orders, Duration duration,
        int concurrency, int maxPending, List<WeightedSku> skus, int maxLines, int maxQuantity, long stock, Double declineRate,
        Double errorRate, Duration settleTimeout, Path json, boolean quiet) {

    public record WeightedSku(String sku, int weight) {
    }

    static final String USAGE = """
            usage: ./orderflow load [--rate N|0] [--orders N | --duration SECONDS] [--concurrency N] [--max-pending N]
                                    [--skus SKU=WEIGHT,...] [--max-lines N] [--max-quantity N] [--stock N]
                                    [--decline-rate R] [--error-rate R] [--settle-timeout SECONDS]
                                    [--url URL] [--nats URL] [--gateway URL] [--json FILE] [--quiet]""";

    public static LoadSettings defaults() {
        return parse(new String[0]);
    }

    public static LoadSettings parse(String[] args) {
        String url = "http://127.0.0.1:" + System.getenv().getOrDefault("HTTP_PORT", "8080");
        String nats = System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222");
        String gateway = System.getenv().getOrDefault("PAYMENT_GATEWAY_URL", "http://127.0.0.1:8090");
        int rate = 500;
        int orders = 0;
        Duration duration = Duration.ofSeconds(30);
        int concurrency = 256;
        int maxPending = 0;
        List<WeightedSku> skus = skus("LOAD-1,LOAD-2,LOAD-3,LOAD-4,LOAD-5,LOAD-6,LOAD-7,LOAD-8,LOAD-9,LOAD-10");
        int maxLines = 2;
        int maxQuantity = 3;
        long stock = 10_000_000;
        Double declineRate = null;
        Double errorRate = null;
        Duration settle = Duration.ofSeconds(60);
        Path json = null;
        boolean quiet = false;
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("--quiet")) {
                quiet = true;
                continue;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
            }
            String value = args[++i];
            try {
                switch (option) {
                    case "--url" -> url = value;
                    case "--nats" -> nats = value;
                    case "--gateway" -> gateway = value;
                    case "--rate" -> rate = Integer.parseInt(value);
                    case "--orders" -> orders = Integer.parseInt(value);
                    case "--duration" -> duration = Duration.ofSeconds(Long.parseLong(value));
                    case "--concurrency" -> concurrency = Integer.parseInt(value);
                    case "--max-pending" -> maxPending = Integer.parseInt(value);
                    case "--skus" -> skus = skus(value);
                    case "--max-lines" -> maxLines = Integer.parseInt(value);
                    case "--max-quantity" -> maxQuantity = Integer.parseInt(value);
                    case "--stock" -> stock = Long.parseLong(value);
                    case "--decline-rate" -> declineRate = Double.parseDouble(value);
                    case "--error-rate" -> errorRate = Double.parseDouble(value);
                    case "--settle-timeout" -> settle = Duration.ofSeconds(Long.parseLong(value));
                    case "--json" -> json = Path.of(value);
                    default -> throw new IllegalArgumentException("Unknown option " + option + "\n" + USAGE);
                }
            } catch (NumberFormatException notANumber) {
                throw new IllegalArgumentException(option + " takes a number, not '" + value + "'\n" + USAGE);
            }
        }
        LoadSettings settings = new LoadSettings(url, nats, gateway, rate, orders, duration, concurrency, maxPending, skus,
                maxLines, maxQuantity, stock, declineRate, errorRate, settle, json, quiet);
        settings.validate();
        return settings;
    }

    private void validate() {
        if (rate < 0 || orders < 0 || maxPending < 0 || concurrency < 1 || maxLines < 1 || maxQuantity < 1 || duration.isNegative()) {
            throw new IllegalArgumentException("--rate and --orders and --max-pending must be >= 0; --concurrency, --max-lines and "
                    + "--max-quantity >= 1\n" + USAGE);
        }
        if (rate == 0 && orders == 0 && duration.isZero()) {
            throw new IllegalArgumentException("an open throttle needs --orders or --duration\n" + USAGE);
        }
        for (Double probability : new Double[] {declineRate, errorRate}) {
            if (probability != null && (probability < 0 || probability > 1)) {
                throw new IllegalArgumentException("--decline-rate and --error-rate are between 0 and 1");
            }
        }
    }

    /** These settings with another offered load. */
    public LoadSettings with(int rate, Duration duration, int maxPending) {
        return new LoadSettings(url, natsUrl, gatewayUrl, rate, 0, duration, concurrency, maxPending, skus, maxLines,
                maxQuantity, stock, declineRate, errorRate, settleTimeout, json, quiet);
    }

    /** These settings against another system. */
    public LoadSettings at(String url, String natsUrl, String gatewayUrl) {
        return new LoadSettings(url, natsUrl, gatewayUrl, rate, orders, duration, concurrency, maxPending, skus, maxLines,
                maxQuantity, stock, declineRate, errorRate, settleTimeout, json, quiet);
    }

    /** {@code SKU-1=3,SKU-2} : a missing weight is 1. */
    private static List<WeightedSku> skus(String spec) {
        List<WeightedSku> skus = new ArrayList<>();
        for (String part : spec.split(",")) {
            String[] skuAndWeight = part.trim().split("=", 2);
            int weight = skuAndWeight.length == 2 ? Integer.parseInt(skuAndWeight[1]) : 1;
            if (skuAndWeight[0].isEmpty() || weight < 1) {
                throw new IllegalArgumentException("--skus takes SKU=WEIGHT pairs with weights >= 1, not '" + part + "'");
            }
            skus.add(new WeightedSku(skuAndWeight[0], weight));
        }
        return List.copyOf(skus);
    }
}
