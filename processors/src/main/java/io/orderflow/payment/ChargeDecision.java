package io.orderflow.payment;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What the gateway decided for one order, kept so that a redelivered event never asks it again. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ChargeDecision(boolean approved, @JsonProperty("charge_id") String chargeId, String reason) {
}
