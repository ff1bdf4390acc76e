package io.orderflow.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.nats.client.Connection;
import io.nats.client.Nats;
import io.orderflow.Flows;
import io.orderflow.event.Json;
import io.orderflow.gateway.PaymentGatewaySimulator;
import io.orderflow.jetstream.JetStreamConnection;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import static org.awaitility.Awaitility.await;

/**
 * The whole system for a test: its own nats-server, the payment gateway simulator, an SMTP server and
 * Orderflow itself (camel-main with the YAML routes from routes/), on free ports.
 */
public final class OrderflowSystem implements AutoCloseable {

    public final NatsServerProcess nats;
    public final PaymentGatewaySimulator gateway;
    public final GreenMail mail;
    private final int httpPort;
    private final Main main;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private Connection client;

    public OrderflowSystem(Map<String, String> overrides) throws Exception {
        nats = new NatsServerProcess();
        gateway = new PaymentGatewaySimulator(0);
        mail = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        httpPort = NatsServerProcess.freePort();
        main = new Main();
        main.configure().withRoutesIncludePattern(Flows.routesIncludePattern("all"));
        main.addOverrideProperty("camel.server.port", Integer.toString(httpPort));
        main.addOverrideProperty("camel.management.port", Integer.toString(httpPort));
        main.addOverrideProperty("camel.main.jmx-enabled", "false");
        main.addOverrideProperty("orderflow.nats.url", nats.url());
        main.addOverrideProperty("orderflow.payment.gateway-url", gateway.url());
        main.addOverrideProperty("orderflow.smtp.port", Integer.toString(mail.getSmtp().getPort()));
        main.addOverrideProperty("orderflow.consumer.nack-wait", "200ms");
        main.addOverrideProperty("orderflow.retry.initial-delay", "10");
        overrides.forEach(main::addOverrideProperty);
        main.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> main.getCamelContext() != null
                && main.getCamelContext().isStarted());
    }

    public OrderflowSystem() throws Exception {
        this(Map.of());
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    /** A NATS connection of the test's own, to look into streams or publish raw messages. */
    public synchronized Connection nats() throws IOException, InterruptedException {
        if (client == null) {
            client = Nats.connect(new io.nats.client.Options.Builder().server(nats.url()).maxReconnects(-1).build());
        }
        return client;
    }

    /** The messages stored on {@code subject} in {@code stream}, read through the system's own connection. */
    public List<io.nats.client.Message> messages(String stream, String subject) throws IOException {
        List<io.nats.client.Message> found = new java.util.ArrayList<>();
        camel().getRegistry().findSingleByType(JetStreamConnection.class).scan(stream, subject, found::add);
        return found;
    }

    public HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(30));
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> put(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    public void setStock(String sku, long available) throws Exception {
        HttpResponse<String> response = put("/inventory/" + sku, "{\"available\":" + available + "}");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("PUT /inventory/" + sku + " answered " + response.statusCode() + " " + response.body());
        }
    }

    public long stock(String sku) throws Exception {
        return json(get("/inventory/" + sku)).get("available").asLong();
    }

    /** Places an order and returns its id. */
    public String placeOrder(String customer, String sku, int quantity, String unitPrice) throws Exception {
        HttpResponse<String> response = post("/orders", orderJson(customer, sku, quantity, unitPrice), Map.of());
        if (response.statusCode() != 202) {
            throw new IllegalStateException("POST /orders answered " + response.statusCode() + " " + response.body());
        }
        return json(response).get("order_id").asText();
    }

    public static String orderJson(String customer, String sku, int quantity, String unitPrice) {
        return "{\"customer_id\":\"" + customer + "\",\"currency\":\"EUR\",\"items\":[{\"sku\":\"" + sku
                + "\",\"quantity\":" + quantity + ",\"unit_price\":\"" + unitPrice + "\"}]}";
    }

    public JsonNode order(String orderId) throws Exception {
        return json(get("/orders/" + orderId));
    }

    public String status(String orderId) throws Exception {
        return order(orderId).get("status").asText();
    }

    /** The types of the order's events, in audit-stream order. */
    public List<String> history(String orderId) throws Exception {
        HttpResponse<String> response = get("/orders/" + orderId + "/events");
        if (response.statusCode() != 200) {
            return List.of();
        }
        return json(response).findValuesAsText("type");
    }

    public static JsonNode json(HttpResponse<String> response) throws IOException {
        return Json.MAPPER.readTree(response.body());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    public void stopOrderflow() throws Exception {
        main.stop();
    }

    @Override
    public void close() throws Exception {
        main.stop();
        if (client != null) {
            client.close();
        }
        gateway.close();
        mail.stop();
        nats.close();
    }
}
