package io.orderflow.sandbox;

import java.util.List;
import java.util.Random;
import java.util.function.Function;

/** Generates request bodies and events that break the contract in one way each. */
public final class MalformedInput {

    private static final String LINE = "{\"sku\":\"S-1\",\"quantity\":1,\"unit_price\":\"1.00\"}";

    private static final List<Function<Random, String>> ORDERS = List.of(
            r -> order("\"c-" + r.nextInt(100) + "\"", "\"EUR\"", "[" + line("\"S-1\"", Integer.toString(-r.nextInt(1000)), "\"1.00\"") + "]"),
            r -> order("\"c-1\"", "\"" + (char) ('A' + r.nextInt(26)) + "Q" + (char) ('A' + r.nextInt(26)) + "\"", "[" + LINE + "]"),
            r -> order("\"c-1\"", "\"EUR\"", "[" + line("\"S-1\"", "1", "\"" + r.nextInt(100) + ".123\"") + "]"),
            r -> order("\"c-1\"", "\"EUR\"", "[" + line("\"S-1\"", "1", Double.toString(r.nextDouble())) + "]"),
            r -> order("\"c-1\"", "\"EUR\"", "[" + line("\"S-1\"", "\"" + r.nextInt(9) + "\"", "\"1.00\"") + "]"),
            r -> order("\"c-1\"", "\"EUR\"", "[" + line("\"a b" + r.nextInt() + "\"", "1", "\"1.00\"") + "]"),
            r -> order("\"c-1\"", "\"EUR\"", "[" + line("\"S-1\"", Long.toString(100_000L + r.nextInt(1_000_000)), "\"1.00\"") + "]"),
            r -> order("null", "\"EUR\"", "[" + LINE + "]"),
            r -> order("\"c-1\"", "\"EUR\"", r.nextBoolean() ? "[]" : "{}"),
            r -> order("\"c-1\"", "\"EUR\"", "[" + line("\"S-1\"", "1", "\"-" + r.nextInt(100) + ".00\"") + "]"),
            r -> order("\"c-1\"", "\"EUR\"", "[" + LINE + "]").substring(0, 1 + r.nextInt(60)),
            r -> random(r),
            r -> "[" + r.nextInt() + "]");

    private static final List<Function<Random, String>> EVENTS = List.of(
            MalformedInput::random,
            r -> "{\"id\":\"e-" + r.nextInt() + "\"}",
            r -> "{\"id\":\"e-" + r.nextInt() + "\",\"type\":\"NoSuchType\",\"aggregate_id\":\"o\",\"data\":{},\"timestamp\":\"t\"}",
            r -> "{\"id\":\"e-" + r.nextInt() + "\",\"type\":\"OrderCreated\",\"aggregate_id\":\"a.b.>\",\"data\":{},\"timestamp\":\"t\"}",
            r -> "{\"id\":\"e-" + r.nextInt() + "\",\"type\":\"OrderCreated\",\"aggregate_id\":\"o-" + r.nextInt()
                    + "\",\"timestamp\":\"t\"}",
            r -> "[" + r.nextInt() + "]",
            r -> "");

    private MalformedInput() {
    }

    public static String order(Random random) {
        return ORDERS.get(random.nextInt(ORDERS.size())).apply(random);
    }

    public static String event(Random random) {
        return EVENTS.get(random.nextInt(EVENTS.size())).apply(random);
    }

    private static String order(String customer, String currency, String items) {
        return "{\"customer_id\":" + customer + ",\"currency\":" + currency + ",\"items\":" + items + "}";
    }

    private static String line(String sku, String quantity, String price) {
        return "{\"sku\":" + sku + ",\"quantity\":" + quantity + ",\"unit_price\":" + price + "}";
    }

    private static String random(Random random) {
        StringBuilder text = new StringBuilder();
        int length = 1 + random.nextInt(80);
        for (int i = 0; i < length; i++) {
            text.append((char) (32 + random.nextInt(95)));
        }
        return text.toString();
    }
}
