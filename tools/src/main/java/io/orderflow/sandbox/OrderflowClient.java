package io.orderflow.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.event.Json;

/** Orderflow's HTTP API as a test uses it. */
public class OrderflowClient {

    private final int httpPort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public OrderflowClient(int httpPort) {
        this.httpPort = httpPort;
    }

    public int httpPort() {
        return httpPort;
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

}
