package io.orderflow.payment;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.Json;
import io.orderflow.nats.KeyValueBucket;
import io.orderflow.order.OrderSummary;

/**
 * The payment step's business rules: what to ask the gateway for a reserved order, and what its answer
 * means. 200 approved authorises, 402 declines; anything else is the gateway failing, not the customer.
 * Each decision is recorded per order, so a redelivered InventoryReserved gets the same outcome without
 * a second call, even from a gateway that forgot its idempotency keys.
 */
public class ChargePayment {

    private final KeyValueBucket decisions;
    private String gatewayKey;

    public ChargePayment(KeyValueBucket decisions) {
        this.decisions = decisions;
    }

    /** The API key the gateway knows Orderflow by; blank sends none. */
    public void setGatewayKey(String gatewayKey) {
        this.gatewayKey = gatewayKey == null || gatewayKey.isBlank() ? null : gatewayKey;
    }

    /** The Authorization header of a charge request, or null when no key is configured. */
    public String authorization() {
        return gatewayKey == null ? null : "Bearer " + gatewayKey;
    }

    /** The outcome already decided for this order, or null when the gateway has not been asked yet. */
    public Event recordedOutcome(Event inventoryReserved) throws IOException {
        Optional<ChargeDecision> decision = decisions.getJson(inventoryReserved.aggregateId(), ChargeDecision.class);
        return decision.map(d -> outcome(inventoryReserved, d)).orElse(null);
    }

    /** The gateway answers the same key with the same decision: one key per order, so a retry never charges twice. */
    public String idempotencyKey(Event inventoryReserved) {
        return inventoryReserved.aggregateId();
    }

    public Map<String, Object> chargeRequest(Event inventoryReserved) {
        return OrderSummary.of(inventoryReserved).eventData();
    }

    /** Fails, inside the circuit breaker, on every answer that is not a decision, so that it counts. */
    public void requireDecision(int status, String body) throws PaymentGatewayUnavailableException {
        if (status != 200 && status != 402) {
            throw new PaymentGatewayUnavailableException("Payment gateway answered " + status + ": " + abbreviate(body));
        }
    }

    /** Records the gateway's answer (the first recorded one wins) and turns it into the payment event. */
    public Event decide(Event inventoryReserved, int status, byte[] body) throws IOException {
        JsonNode answer = Json.MAPPER.readTree(body);
        ChargeDecision decision;
        if (status == 200 && "approved".equals(answer.path("status").asText())) {
            decision = new ChargeDecision(true, answer.path("charge_id").asText(), null);
        } else if (status == 402) {
            decision = new ChargeDecision(false, null, answer.path("reason").asText("declined"));
        } else {
            throw new PaymentGatewayUnavailableException("Payment gateway answered " + status + " without a decision: "
                    + abbreviate(new String(body)));
        }
        String orderId = inventoryReserved.aggregateId();
        if (!decisions.createJson(orderId, decision)) {
            decision = decisions.getJson(orderId, ChargeDecision.class).orElse(decision);
        }
        return outcome(inventoryReserved, decision);
    }

    private static Event outcome(Event inventoryReserved, ChargeDecision decision) {
        Map<String, Object> data = OrderSummary.of(inventoryReserved).eventData();
        if (decision.approved()) {
            data.put("charge_id", decision.chargeId());
            return inventoryReserved.causes(EventType.PAYMENT_AUTHORIZED, data);
        }
        data.put("reason", decision.reason());
        return inventoryReserved.causes(EventType.PAYMENT_DECLINED, data);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
    }
}
