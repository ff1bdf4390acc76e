package io.orderflow.chaos;

import java.time.Duration;

/** What a chaos run does: {@code --orders N --rate N --outage-seconds N --malformed N}. */
record ChaosSettings(int orders, int rate, Duration outage, int malformed) {

    static ChaosSettings parse(String[] args) {
        int orders = 10_000;
        int rate = 250;
        int outageSeconds = 30;
        int malformed = 200;
        for (int i = 0; i + 1 < args.length; i += 2) {
            int value = Integer.parseInt(args[i + 1]);
            switch (args[i]) {
                case "--orders" -> orders = value;
                case "--rate" -> rate = value;
                case "--outage-seconds" -> outageSeconds = value;
                case "--malformed" -> malformed = value;
                default -> throw new IllegalArgumentException("Unknown option " + args[i]
                        + "; use --orders N --rate N --outage-seconds N --malformed N");
            }
        }
        if (orders < 10 || rate < 1) {
            throw new IllegalArgumentException("--orders must be at least 10 and --rate at least 1");
        }
        return new ChaosSettings(orders, rate, Duration.ofSeconds(outageSeconds), malformed);
    }
}
