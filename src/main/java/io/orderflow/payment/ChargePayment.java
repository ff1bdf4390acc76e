package io.orderflow.payment;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.Json;

/**
 * The payment step's business rules: what to ask the gateway for a reserved order, and what its answer
 * means. 200 approved authorises, 402 declines; anything else is the gateway failing, not the customer.
 */
public class ChargePayment {

    public Map<String, Object> chargeRequest(Event inventoryReserved) {
        Map<String, Object> charge = new LinkedHashMap<>();
        charge.put("order_id", inventoryReserved.aggregateId());
        charge.put("customer_id", inventoryReserved.text("customer_id"));
        charge.put("amount", inventoryReserved.text("amount"));
        charge.put("currency", inventoryReserved.text("currency"));
        return charge;
    }

    /** Fails, inside the circuit breaker, on every answer that is not a decision, so that it counts. */
    public void requireDecision(int status, String body) throws PaymentGatewayUnavailableException {
        if (status != 200 && status != 402) {
            throw new PaymentGatewayUnavailableException("Payment gateway answered " + status + ": " + abbreviate(body));
        }
    }

    public Event outcome(Event inventoryReserved, int status, byte[] body) throws IOException {
        JsonNode answer = Json.MAPPER.readTree(body);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("order_id", inventoryReserved.aggregateId());
        data.put("customer_id", inventoryReserved.text("customer_id"));
        data.put("amount", inventoryReserved.text("amount"));
        data.put("currency", inventoryReserved.text("currency"));
        if (status == 200 && "approved".equals(answer.path("status").asText())) {
            data.put("charge_id", answer.path("charge_id").asText());
            return inventoryReserved.causes(EventType.PAYMENT_AUTHORIZED, data);
        }
        if (status == 402) {
            data.put("reason", answer.path("reason").asText("declined"));
            return inventoryReserved.causes(EventType.PAYMENT_DECLINED, data);
        }
        throw new PaymentGatewayUnavailableException("Payment gateway answered " + status + " without a decision: "
                + abbreviate(new String(body)));
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
