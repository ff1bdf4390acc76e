package io.orderflow.deadletter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.orderflow.event.Json;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * {@code ./orderflow dlq list [--flow F] [--limit N]} and
 * {@code ./orderflow dlq replay --all | --flow F | --seq N[,N...]}, against the NATS at NATS_URL.
 */
public final class DeadLetterCommand {

    private DeadLetterCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("list", "replay").contains(args[0])) {
            usage();
        }
        String flow = option(args, "--flow");
        JetStreamConnection connection = new JetStreamConnection();
        connection.setUrl(System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222"));
        connection.start();
        try {
            DeadLetters deadLetters = new DeadLetters(connection,
                    System.getenv().getOrDefault("DEAD_LETTER_STREAM", "DLQ"));
            if (args[0].equals("list")) {
                for (DeadLetter letter : deadLetters.list(flow, option(args, "--limit"))) {
                    System.out.println(Json.MAPPER.writeValueAsString(letter));
                }
                return;
            }
            Map<String, Object> selection;
            if (List.of(args).contains("--all")) {
                selection = Map.of("all", true);
            } else if (flow != null) {
                selection = Map.of("flow", flow);
            } else if (option(args, "--seq") != null) {
                List<Long> sequences = new ArrayList<>();
                for (String sequence : option(args, "--seq").split(",")) {
                    sequences.add(Long.parseLong(sequence.trim()));
                }
                selection = Map.of("sequences", sequences);
            } else {
                usage();
                return;
            }
            System.out.println(Json.MAPPER.writeValueAsString(deadLetters.replay(Json.MAPPER.writeValueAsBytes(selection))));
        } finally {
            connection.stop();
        }
    }

    private static String option(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static void usage() {
        System.err.println("usage: dlq list [--flow F] [--limit N] | dlq replay --all | --flow F | --seq N[,N...]");
        System.exit(2);
    }
}
