package io.orderflow.http;

import java.io.IOException;

import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** A request the API cannot take now says when to come back; a refused one does not. */
class ErrorResponsesTest {

    private final ErrorResponses responses = new ErrorResponses();

    @Test
    void aFailureToRetryIs503WithRetryAfter() {
        Exchange exchange = failedWith(new IOException("NATS is away"));
        assertEquals(503, responses.respond(exchange).status());
        assertEquals("1", exchange.getMessage().getHeader("Retry-After"));
    }

    @Test
    void aRefusedRequestIsItsOwn4xxWithoutRetryAfter() {
        Exchange exchange = failedWith(RejectedRequestException.badRequest("no"));
        assertEquals(new ErrorResponses.ErrorAnswer("no", 400), responses.respond(exchange));
        assertNull(exchange.getMessage().getHeader("Retry-After"));
    }

    private static Exchange failedWith(Exception failure) {
        Exchange exchange = new DefaultExchange(new DefaultCamelContext());
        exchange.setProperty(Exchange.EXCEPTION_CAUGHT, failure);
        return exchange;
    }
}
