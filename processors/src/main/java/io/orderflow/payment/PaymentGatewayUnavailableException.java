package io.orderflow.payment;

/** The gateway could not decide (5xx, timeout, unexpected answer): a technical failure, retried later, never a decline. */
public class PaymentGatewayUnavailableException extends java.io.IOException {

    public PaymentGatewayUnavailableException(String message) {
        super(message);
    }
}
