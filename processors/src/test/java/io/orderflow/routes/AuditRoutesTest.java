package io.orderflow.routes;

import java.util.Map;

import io.nats.client.impl.Headers;
import io.nats.client.impl.NatsMessage;
import io.orderflow.event.Event;
import org.apache.camel.Exchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** routes/audit.camel.yaml: every event, as the AUDIT stream sourced it, copied to its order's history. */
class AuditRoutesTest extends FlowRouteTestSupport {

    @Override
    protected String flow() {
        return "audit";
    }

    @Test
    void anEventOfAnyFlowIsCopiedToItsOrdersHistoryWithItsMessageId() throws Exception {
        Event created = orderCreated("o-audit", "SKU-1", 1);
        publishWithId(created);
        await(1);
        Exchange copy = getMockEndpoint("mock:jetstream:history").getReceivedExchanges().get(0);
        assertEquals("history.o-audit", copy.getIn().getHeader("CamelJetStreamOverrideSubject"));
        assertEquals(created.id(), copy.getIn().getHeader("CamelJetStreamMsgId"));
        assertEquals(created.id(), Event.parse(copy.getIn().getBody(byte[].class)).id());
        awaitSettled("audit-order-history");
    }

    private void publishWithId(Event event) throws Exception {
        publish(NatsMessage.builder().subject(event.subject()).data(event.toJson())
                .headers(new Headers().put("Nats-Msg-Id", event.id())).build());
    }

    private void await(int copies) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> getMockEndpoint("mock:jetstream:history").getReceivedCounter() >= copies);
    }
}
