package io.orderflow.inventory;

import java.io.IOException;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.event.Json;
import io.orderflow.http.Identifiers;
import io.orderflow.http.RejectedRequestException;

/** PUT and GET /inventory/{sku}. */
public class StockQueries {

    private final StockStore stock;

    public StockQueries(StockStore stock) {
        this.stock = stock;
    }

    /** What {@code PUT} and {@code GET /inventory/{sku}} answer. */
    public record StockAnswer(String sku, long available) {
    }

    public StockAnswer set(String sku, byte[] body) throws IOException {
        Identifiers.require(sku, "sku");
        JsonNode request;
        try {
            request = body == null || body.length == 0 ? null : Json.MAPPER.readTree(body);
        } catch (IOException e) {
            throw RejectedRequestException.badRequest("Request body is not valid JSON: " + e.getMessage());
        }
        JsonNode available = request == null ? null : request.get("available");
        if (available == null || !available.isIntegralNumber() || !available.canConvertToLong() || available.asLong() < 0) {
            throw RejectedRequestException.badRequest("Send {\"available\": n} with n a whole number >= 0");
        }
        stock.set(sku, available.asLong());
        return new StockAnswer(sku, available.asLong());
    }

    public StockAnswer get(String sku) throws IOException {
        Identifiers.require(sku, "sku");
        long available = stock.available(sku)
                .orElseThrow(() -> RejectedRequestException.notFound("SKU " + sku + " has no stock record"));
        return new StockAnswer(sku, available);
    }
}
