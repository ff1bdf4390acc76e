package io.orderflow.load;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.event.Json;
import io.orderflow.testing.OrderflowSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code ./orderflow load} against a running system: every order it places is followed to its end. */
class LoadGeneratorTest {

    @RegisterExtension
    static final OrderflowSystem system = new OrderflowSystem();

    @Test
    void followsEveryOrderToItsTerminalEventAndReportsLatencies(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("report.json");
        LoadSettings settings = LoadSettings.parse(new String[] {
                "--url", "http://127.0.0.1:" + system.httpPort(), "--nats", system.nats.url(), "--gateway", system.gateway.url(),
                "--orders", "60", "--rate", "200", "--concurrency", "8", "--skus", "LT-1=3,LT-2", "--stock", "40",
                "--max-quantity", "2", "--decline-rate", "0.2", "--json", json.toString(), "--quiet"});

        LoadReport report = new LoadGenerator(settings).run();
        report.write(json);

        assertEquals(60, report.submitted());
        assertEquals(60, report.accepted());
        assertEquals(0, report.unfinished());
        assertEquals(60, report.confirmed() + report.cancelled());
        // 40 units per SKU cannot cover 60 orders of up to 2 lines of 2 units, and 20 % of payments are declined
        assertTrue(report.cancelled() > 0, report.text());
        assertTrue(report.confirmed() > 0, report.text());
        assertTrue(report.latency().p50() > 0 && report.latency().p50() <= report.latency().p99()
                && report.latency().p99() <= report.latency().max(), report.text());
        JsonNode written = Json.MAPPER.readTree(Files.readAllBytes(json));
        assertEquals(60, written.get("accepted").asInt());
        assertTrue(written.get("latency_ms").has("p99"));
        JsonNode gateway = Json.MAPPER.readTree(HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(system.gateway.url() + "/control")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        assertEquals(0.2, gateway.get("decline_rate").asDouble());
    }

    @Test
    void refusesOptionsItCannotHonour() {
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.parse(new String[] {"--rate", "0", "--duration", "0"}));
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.parse(new String[] {"--skus", "A=0"}));
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.parse(new String[] {"--decline-rate", "2"}));
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.parse(new String[] {"--bogus", "1"}));
        assertThrows(IllegalArgumentException.class, () -> LoadSettings.parse(new String[] {"--rate"}));
        IllegalArgumentException notANumber = assertThrows(IllegalArgumentException.class,
                () -> LoadSettings.parse(new String[] {"--rate", "fast"}));
        assertTrue(notANumber.getMessage().startsWith("--rate takes a number, not 'fast'"), notANumber.getMessage());
    }
}
