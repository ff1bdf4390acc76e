package io.orderflow.deadletter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.JetStreamApiException;
import io.nats.client.api.MessageInfo;
import io.nats.client.PublishOptions;
import io.nats.client.api.StreamInfo;
import io.nats.client.impl.Headers;
import io.orderflow.event.EventType;
import io.orderflow.event.Json;
import io.orderflow.http.RejectedRequestException;
import io.orderflow.jetstream.JetStreamConnection;

/**
 * Inspection and replay of the dead-letter stream. A replayed message goes back to the subject it
 * failed on, as it arrived there, and leaves the dead-letter stream; it is published with the id
 * {@code replay-<sequence>}, so replaying the same dead letter twice publishes it once.
 */
public class DeadLetters {

    private final JetStreamConnection connection;
    private final String stream;

    public DeadLetters(JetStreamConnection connection, String stream) {
        this.connection = connection;
        this.stream = stream;
    }

    static final int DEFAULT_LIMIT = 1000;

    /** Dead letters in stream order, those of one flow only when {@code flow} is given; limit may be null. */
    public List<DeadLetter> list(String flow, String limit) throws IOException {
        int upTo = parseLimit(limit);
        List<DeadLetter> found = new ArrayList<>();
        connection.readEach(stream, null, message -> {
            DeadLetter letter = describe(message);
            if (flow == null || flow.isBlank() || flow.equals(letter.flow())) {
                found.add(letter);
            }
            return found.size() < upTo;
        });
        return found;
    }

    /**
     * Replays what the request selects: {@code {"sequences":[3,4]}}, {@code {"flow":"charge-payment"}} or
     * {@code {"all":true}}. Answers how many were replayed, and which.
     */
    public Map<String, Object> replay(byte[] request) throws IOException {
        List<Long> replayed = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (MessageInfo message : chosen(selection(request))) {
            long sequence = message.getSeq();
            String original = header(message, DeadLetterHeaders.SUBJECT);
            if (original == null || original.isBlank()) {
                skipped.add(sequence + ": no " + DeadLetterHeaders.SUBJECT + " header");
                continue;
            }
            // anyone who may write a dead letter chooses this header: a replay, often run as admin, publishes only
            // on an event subject, never on a bucket's or JetStream's own
            if (EventType.fromSubject(original).isEmpty()) {
                skipped.add(sequence + ": " + original + " is no event subject; not replayed");
                continue;
            }
            try {
                connection.jetStream().publish(original, new Headers().put("Orderflow-Replayed-From", Long.toString(sequence)),
                        message.getData(), PublishOptions.builder().messageId("replay-" + sequence).build());
                connection.management().deleteMessage(stream, sequence);
            } catch (JetStreamApiException e) {
                skipped.add(sequence + ": " + e.getMessage());
                continue;
            }
            replayed.add(sequence);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("replayed", replayed.size());
        result.put("sequences", replayed);
        result.put("skipped", skipped);
        return result;
    }

    /**
     * Deletes what the request selects, as {@link #replay} does, once it says {@code "confirm":true}: what an
     * operator decided to drop. Answers how many were deleted, and which.
     */
    public Map<String, Object> delete(byte[] request) throws IOException {
        Predicate<DeadLetter> selected = selection(request);
        if (!Json.MAPPER.readTree(request).path("confirm").asBoolean(false)) {
            throw RejectedRequestException.badRequest("Deleting dead letters loses them for good: add \"confirm\":true");
        }
        List<Long> deleted = new ArrayList<>();
        for (MessageInfo message : chosen(selected)) {
            long sequence = message.getSeq();
            try {
                if (connection.management().deleteMessage(stream, sequence)) {
                    deleted.add(sequence);
                }
            } catch (JetStreamApiException alreadyGone) {
                // replayed or deleted meanwhile: nothing left to drop
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("deleted", deleted.size());
        result.put("sequences", deleted);
        return result;
    }

    /** How full the dead-letter stream is: it refuses new dead letters at its byte limit. */
    public Map<String, Object> usage() throws IOException {
        try {
            StreamInfo info = connection.management().getStreamInfo(stream);
            long maxBytes = info.getConfiguration().getMaxBytes();
            long bytes = info.getStreamState().getByteCount();
            Map<String, Object> usage = new LinkedHashMap<>();
            usage.put("stream", stream);
            usage.put("messages", info.getStreamState().getMsgCount());
            usage.put("bytes", bytes);
            usage.put("max_bytes", maxBytes);
            usage.put("fill", maxBytes > 0 ? Math.round(10_000.0 * bytes / maxBytes) / 10_000.0 : 0);
            return usage;
        } catch (JetStreamApiException e) {
            throw new IOException("Reading stream " + stream + " failed: " + e.getMessage(), e);
        }
    }

    private List<MessageInfo> chosen(Predicate<DeadLetter> selected) throws IOException {
        List<MessageInfo> chosen = new ArrayList<>();
        connection.readEach(stream, null, message -> {
            if (selected.test(describe(message))) {
                chosen.add(message);
            }
            return true;
        });
        return chosen;
    }

    private static int parseLimit(String limit) {
        if (limit == null || limit.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int parsed = Integer.parseInt(limit.trim());
            if (parsed > 0) {
                return parsed;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw RejectedRequestException.badRequest("'limit' must be a positive whole number, got '" + limit + "'");
    }

    static Predicate<DeadLetter> selection(byte[] request) {
        JsonNode selection;
        try {
            selection = request == null || request.length == 0 ? null : Json.MAPPER.readTree(request);
        } catch (IOException e) {
            throw RejectedRequestException.badRequest("Replay request is not valid JSON: " + e.getMessage());
        }
        if (selection != null && selection.path("all").asBoolean(false)) {
            return letter -> true;
        }
        if (selection != null && selection.path("flow").isTextual()) {
            String flow = selection.get("flow").asText();
            return letter -> flow.equals(letter.flow());
        }
        if (selection != null && selection.path("sequences").isArray() && !selection.get("sequences").isEmpty()) {
            Set<Long> sequences = new TreeSet<>();
            for (JsonNode sequence : selection.get("sequences")) {
                if (!sequence.isIntegralNumber() || !sequence.canConvertToLong() || sequence.asLong() < 1) {
                    throw RejectedRequestException.badRequest("'sequences' must hold positive whole numbers, got " + sequence);
                }
                sequences.add(sequence.asLong());
            }
            return letter -> sequences.contains(letter.sequence());
        }
        throw RejectedRequestException.badRequest(
                "Say which dead letters: {\"sequences\":[1,2]}, {\"flow\":\"charge-payment\"} or {\"all\":true}");
    }

    private static DeadLetter describe(MessageInfo message) {
        return new DeadLetter(message.getSeq(), message.getSubject(),
                header(message, DeadLetterHeaders.SUBJECT), header(message, DeadLetterHeaders.FLOW),
                header(message, DeadLetterHeaders.REASON), header(message, DeadLetterHeaders.ATTEMPTS),
                message.getTime().toInstant().toString(), new String(message.getData(), StandardCharsets.UTF_8));
    }

    private static String header(MessageInfo message, String name) {
        return message.getHeaders() == null ? null : message.getHeaders().getFirst(name);
    }
}
