package io.orderflow.deadletter;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.orderflow.event.Json;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * {@code ./orderflow dlq list [--flow F] [--limit N]}, {@code dlq usage},
 * {@code dlq replay --all | --flow F | --seq N[,N...]} and {@code dlq delete (the same) [--yes]}, against the
 * NATS at NATS_URL and the stream DEAD_LETTER_STREAM. Delete asks for confirmation unless given --yes.
 */
public final class DeadLetterCommand {

    private static final String USAGE = "usage: dlq list [--flow F] [--limit N] | dlq usage"
            + " | dlq replay --all | --flow F | --seq N[,N...] | dlq delete (--all | --flow F | --seq N[,N...]) [--yes]";

    private DeadLetterCommand() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || !List.of("list", "usage", "replay", "delete").contains(args[0])) {
            usage();
        }
        JetStreamConnection connection = new JetStreamConnection();
        connection.setUrl(System.getenv().getOrDefault("NATS_URL", "nats://127.0.0.1:4222"));
        connection.setConnectionName("orderflow-dlq");
        connection.start();
        try {
            DeadLetters deadLetters = new DeadLetters(connection, System.getenv().getOrDefault("DEAD_LETTER_STREAM", "DLQ"));
            switch (args[0]) {
                case "list" -> {
                    for (DeadLetter letter : deadLetters.list(option(args, "--flow"), option(args, "--limit"))) {
                        print(letter);
                    }
                }
                case "usage" -> print(deadLetters.usage());
                case "replay" -> print(deadLetters.replay(Json.MAPPER.writeValueAsBytes(selection(args))));
                default -> delete(deadLetters, args);
            }
        } finally {
            connection.stop();
        }
    }

    private static void delete(DeadLetters deadLetters, String[] args) throws Exception {
        Map<String, Object> request = new LinkedHashMap<>(selection(args));
        if (!List.of(args).contains("--yes")) {
            System.out.print("Delete the dead letters " + request + " for good? Type 'delete' to confirm: ");
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!"delete".equals(answer == null ? null : answer.trim())) {
                System.err.println("Nothing deleted.");
                System.exit(1);
            }
        }
        request.put("confirm", true);
        print(deadLetters.delete(Json.MAPPER.writeValueAsBytes(request)));
    }

    private static Map<String, Object> selection(String[] args) {
        if (List.of(args).contains("--all")) {
            return Map.of("all", true);
        }
        if (option(args, "--flow") != null) {
            return Map.of("flow", option(args, "--flow"));
        }
        if (option(args, "--seq") != null) {
            List<Long> sequences = new ArrayList<>();
            for (String sequence : option(args, "--seq").split(",")) {
                try {
                    sequences.add(Long.parseLong(sequence.trim()));
                } catch (NumberFormatException notANumber) {
                    System.err.println("--seq takes sequence numbers such as 3,4, not '" + sequence + "'");
                    System.exit(2);
                }
            }
            return Map.of("sequences", sequences);
        }
        usage();
        return Map.of();
    }

    private static void print(Object answer) throws Exception {
        System.out.println(Json.MAPPER.writeValueAsString(answer));
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
        System.err.println(USAGE);
        System.exit(2);
    }
}
