package io.orderflow;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import com.fasterxml.jackson.databind.JsonNode;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.orderflow.event.Json;
import io.orderflow.sandbox.OrderflowClient;
import io.orderflow.sandbox.OrderflowProcess;
import io.orderflow.testing.OrderflowProcesses;
import io.orderflow.testing.ZipkinServer;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Orderflow traced into a real Zipkin and logging JSON, as production runs it (OTEL_* set, LOG_FORMAT=json): one
 * trace per order, from the client's POST through every flow, the gateway call and the email, whose id the order's
 * events carry; and a JSON log line of a dead-lettered event that names its order and its trace.
 */
class TracingAndLogsTest {

    private static final String LOG = "tracing";
    private static ZipkinServer zipkin;
    private static OrderflowProcesses system;

    @BeforeAll
    static void start() throws Exception {
        Files.deleteIfExists(log());
        zipkin = ZipkinServer.launch();
        system = new OrderflowProcesses(LOG, Map.of(
                "OTEL_SERVICE_NAME", "orderflow",
                "OTEL_TRACES_EXPORTER", "zipkin",
                "OTEL_EXPORTER_ZIPKIN_ENDPOINT", zipkin.spansUrl(),
                "OTEL_BSP_SCHEDULE_DELAY", "100",
                "LOG_FORMAT", "json",
                // the application's log configuration, not the tests' log4j2-test.properties on the shared classpath
                "LOG4J_CONFIGURATION_FILE", "log4j2.xml"));
        zipkin.awaitReady();
    }

    @AfterAll
    static void stop() throws Exception {
        if (system != null) {
            system.close();
        }
        if (zipkin != null) {
            zipkin.close();
        }
    }

    @Test
    void anOrderIsOneTraceThroughEveryFlowTheGatewayAndTheEmailAndItsEventsCarryItsId() throws Exception {
        String traceId = hex(16);
        String clientSpan = hex(8);
        system.setStock("SKU-TRACED", 10);
        HttpResponse<String> placed = system.post("/orders", OrderflowClient.orderJson("c-traced", "SKU-TRACED", 2, "4.50"),
                Map.of("traceparent", "00-" + traceId + "-" + clientSpan + "-01"));
        assertEquals(202, placed.statusCode(), placed.body());
        String orderId = OrderflowClient.json(placed).get("order_id").asText();
        await().atMost(Duration.ofSeconds(20)).until(() -> system.status(orderId).equals("CONFIRMED")
                && system.mail.getReceivedMessages().length == 1 && system.history(orderId).contains("NotificationSent"));

        // every flow's consumer, by its durable, and the calls out: the gateway's /charges and the SMTP server
        Set<String> durables = Set.of("inventory-order-created", "payment-inventory-reserved", "orders-payment-outcome",
                "notification-order-confirmed");
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                List<JsonNode> spans = zipkin.trace(traceId);
                return tagValues(spans, "messaging.nats.durable").containsAll(durables)
                        && spans.stream().anyMatch(span -> span.path("tags").path("http.url").asText().contains("/charges"))
                        && spans.stream().anyMatch(span -> span.path("tags").path("camel.uri").asText().startsWith("smtp://"))
                        && orphans(spans, clientSpan).isEmpty();
            });
        } catch (ConditionTimeoutException incomplete) {
            throw new AssertionError("trace " + traceId + " incomplete: " + summary(zipkin.trace(traceId)), incomplete);
        }
        List<JsonNode> spans = zipkin.trace(traceId);
        // kept beside the process log, as Zipkin answered it
        Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(log().resolveSibling(LOG + "-trace.json").toFile(), spans);
        assertEquals(List.of(), orphans(spans, clientSpan), "one tree under the client's span");
        JsonNode request = spans.stream().filter(span -> span.path("parentId").asText().equals(clientSpan)).findFirst()
                .orElseThrow(() -> new AssertionError("no span continues the client's " + clientSpan + ": " + spans));
        assertEquals("POST", request.path("tags").path("http.method").asText(), request.toString());
        assertTrue(tagValues(spans, "messaging.destination.name").containsAll(Set.of("orders.created." + orderId,
                "inventory.reserved." + orderId, "payments.authorized." + orderId, "orders.confirmed." + orderId,
                "notifications.sent." + orderId)), "every event of the order in the trace: " + tagValues(spans, "messaging.destination.name"));

        JsonNode events = OrderflowClient.json(system.get("/orders/" + orderId + "/events"));
        assertEquals(5, events.size(), events.toString());
        for (JsonNode event : events) {
            assertEquals(traceId, event.get("trace_id").asText(), event.toString());
        }
    }

    @Test
    void aJsonLogLineOfADeadLetteredEventNamesItsOrderAndItsTrace() throws Exception {
        String orderId = UUID.randomUUID().toString();
        String traceId = hex(16);
        Headers headers = new Headers().put("traceparent", "00-" + traceId + "-" + hex(8) + "-01");
        try (Connection nats = Nats.connect(system.natsNodes.urls())) {
            nats.jetStream().publish(NatsMessage.builder().subject("orders.created." + orderId).headers(headers)
                    .data("{\"id\":\"e-1\",\"type\":\"OrderCreated\",".getBytes(StandardCharsets.UTF_8)).build());
        }
        String deadLettered = "Dead-lettered orders.created." + orderId;
        await().atMost(Duration.ofSeconds(15)).until(() -> logLine(deadLettered) != null);

        JsonNode line = logLine(deadLettered);
        assertEquals("WARN", line.path("level").asText(), line.toString());
        assertEquals("orderflow", line.path("service").asText(), line.toString());
        assertEquals("reserve-stock", line.path("route_id").asText(), line.toString());
        assertEquals(orderId, line.path("order_id").asText(), line.toString());
        assertEquals(traceId, line.path("trace_id").asText(), line.toString());
        assertTrue(line.path("span_id").asText().matches("[0-9a-f]{16}"), line.toString());
        assertTrue(line.path("time").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"), line.toString());
        for (String text : Files.readAllLines(log())) {
            assertTrue(text.startsWith("{") && Json.MAPPER.readTree(text).has("message"), "one JSON object a line: " + text);
        }
    }

    /** The JSON log line of the flows' process whose message starts with {@code message}, or null. */
    private static JsonNode logLine(String message) throws Exception {
        for (String text : Files.readAllLines(log())) {
            if (text.startsWith("{")) {
                JsonNode line = Json.MAPPER.readTree(text);
                if (line.path("message").asText().startsWith(message)) {
                    return line;
                }
            }
        }
        return null;
    }

    private static Path log() {
        return OrderflowProcess.logFile(LOG);
    }

    /** Each span as name, id and parent, with the tags that tell where it was. */
    private static List<String> summary(List<JsonNode> spans) {
        List<String> lines = new ArrayList<>();
        for (JsonNode span : spans) {
            JsonNode tags = span.path("tags");
            lines.add(span.path("name").asText() + " " + span.path("id").asText() + "<" + span.path("parentId").asText()
                    + " " + tags.path("op").asText() + " " + tags.path("camel.uri").asText() + " " + tags.path("messaging.destination.name").asText());
        }
        return lines;
    }

    /** The spans whose parent is neither the client's span nor in the trace. */
    private static List<String> orphans(List<JsonNode> spans, String clientSpan) {
        Set<String> ids = new TreeSet<>();
        spans.forEach(span -> ids.add(span.path("id").asText()));
        List<String> orphans = new ArrayList<>();
        for (JsonNode span : spans) {
            String parent = span.path("parentId").asText();
            if (!parent.equals(clientSpan) && !ids.contains(parent)) {
                orphans.add(span.path("name").asText() + " (parent " + parent + ")");
            }
        }
        return orphans;
    }

    private static Set<String> tagValues(List<JsonNode> spans, String tag) {
        Set<String> values = new TreeSet<>();
        for (JsonNode span : spans) {
            JsonNode value = span.path("tags").get(tag);
            if (value != null) {
                values.add(value.asText());
            }
        }
        return values;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
