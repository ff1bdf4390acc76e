package io.orderflow.chaos;

import java.time.Duration;

import static io.orderflow.cli.Arguments.valueAfter;
import static io.orderflow.cli.Arguments.wholeNumber;

/** What a chaos run does: {@code --orders N --rate N --outage-seconds N --malformed N}. */
record ChaosSettings(int orders, int rate, Duration outage, int malformed) {

    static final String USAGE = "usage: ./orderflow chaos [--orders 10000] [--rate 250] [--outage-seconds 30] [--malformed 200]";

    static ChaosSettings parse(String[] args) {
        int orders = 10_000;
        int rate = 250;
        int outageSeconds = 30;
        int malformed = 200;
        for (int i = 0; i < args.length; i += 2) {
            String option = args[i];
            String value = valueAfter(args, i);
            switch (option) {
                case "--orders" -> orders = wholeNumber(option, value, 10);
                case "--rate" -> rate = wholeNumber(option, value, 1);
                case "--outage-seconds" -> outageSeconds = wholeNumber(option, value, 0);
                case "--malformed" -> malformed = wholeNumber(option, value, 0);
                default -> throw new IllegalArgumentException("Unknown option " + option);
            }
        }
        return new ChaosSettings(orders, rate, Duration.ofSeconds(outageSeconds), malformed);
    }
}
