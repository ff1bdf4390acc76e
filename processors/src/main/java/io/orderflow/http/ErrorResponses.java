package io.orderflow.http;

import org.apache.camel.Exchange;

/** Turns a failed HTTP exchange into a status code and a JSON body that names what went wrong. */
public class ErrorResponses {

    /** What a refused or failed request is answered, in this order. */
    public record ErrorAnswer(String error, int status) {
    }

    public ErrorAnswer respond(Exchange exchange) {
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        int status;
        String message;
        if (failure instanceof RejectedRequestException rejected) {
            status = rejected.status();
            message = rejected.getMessage();
        } else {
            status = 503;
            message = "Orderflow cannot take this request now (" + (failure == null ? "unknown error" : failure.getMessage())
                    + "); retry later";
        }
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        if (status == 503) {
            exchange.getMessage().setHeader("Retry-After", "1");
        }
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
        return new ErrorAnswer(message, status);
    }
}
