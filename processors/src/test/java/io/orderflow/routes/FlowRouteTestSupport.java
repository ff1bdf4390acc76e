package io.orderflow.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.ConsumerInfo;
import io.orderflow.Flows;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.event.Json;
import io.orderflow.jetstream.JetStreamConstants;
import io.orderflow.jetstream.JetStreamEndpoint;
import io.orderflow.payment.ChargeDecision;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.apache.camel.Exchange;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.test.junit5.CamelContextConfiguration;
import org.apache.camel.test.junit5.TestExecutionConfiguration;
import org.apache.camel.test.main.junit5.CamelMainTestSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * One flow's route file with its real beans, configuration and error handling, run by camel-main in this
 * JVM against a nats-server of the test's own: the test publishes events where the flow consumes them, and
 * what the flow publishes (events, dead letters) lands in mock endpoints instead of JetStream, so that no
 * other flow reacts. Each test proves in a second or so what the flow publishes, what it dead-letters, and
 * what it leaves in JetStream to be redelivered.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FlowRouteTestSupport extends CamelMainTestSupport {

    private static NatsServerProcess nats;
    private Connection client;

    /** The flow under test, as ORDERFLOW_SERVICES names it. */
    protected abstract String flow();

    /** Orderflow properties the test sets on top of application.properties. */
    protected Map<String, String> properties() {
        return Map.of();
    }

    @Override
    protected void configure(MainConfigurationProperties configuration) {
        configuration.withRoutesIncludePattern(Flows.routesIncludePattern(flow()));
    }

    @Override
    public void configureTest(TestExecutionConfiguration test) {
        super.configureTest(test);
        test.withDisableJMX();
    }

    @Override
    public void configureContext(CamelContextConfiguration context) {
        super.configureContext(context);
        Properties overrides = new Properties();
        overrides.put("orderflow.nats.url", natsUrl());
        overrides.put("camel.server.port", Integer.toString(freePort()));
        overrides.put("camel.management.port", overrides.get("camel.server.port"));
        overrides.put("orderflow.retry.initial-delay", "1");
        // routes are called directly here, not through the HTTP server that authenticates callers
        overrides.put("orderflow.http.auth", "off");
        overrides.put("camel.component.jetstream.concurrent-consumers", "2");
        overrides.put("camel.component.jetstream.nack-wait", "100ms");
        overrides.putAll(properties());
        context.withUseOverridePropertiesWithPropertiesComponent(overrides);
        context.withMockEndpointsAndSkip("jetstream:*");
    }

    private static synchronized String natsUrl() {
        if (nats == null) {
            try {
                nats = new NatsServerProcess();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return nats.url();
    }

    private static int freePort() {
        try {
            return NatsServerProcess.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterEach
    void forgetWhatWasPublished() {
        MockEndpoint.resetMocks(context);
    }

    @AfterAll
    void closeClient() throws Exception {
        if (client != null) {
            client.close();
        }
    }

    @AfterAll
    static void stopNats() throws Exception {
        if (nats != null) {
            nats.close();
            nats = null;
        }
    }

    /** Publishes {@code body} on {@code subject}, where a flow's jetstream: consumer picks it up. */
    protected void publish(String subject, byte[] body) throws Exception {
        testClient().jetStream().publish(subject, body);
    }

    protected void publish(io.nats.client.Message message) throws Exception {
        testClient().jetStream().publish(message);
    }

    /** Publishes the event on its own subject, as the flow that makes it would. */
    protected void publish(Event event) throws Exception {
        publish(event.subject(), event.toJson());
    }

    protected synchronized Connection testClient() throws Exception {
        if (client == null) {
            client = Nats.connect(natsUrl());
        }
        return client;
    }

    /** Waits until the durable consumer has nothing left to deliver and nothing unacknowledged. */
    protected void awaitSettled(String durable) {
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ConsumerInfo consumer = testClient().jetStreamManagement().getConsumerInfo(streamOf(durable), durable);
            return consumer.getNumPending() == 0 && consumer.getNumAckPending() == 0;
        });
    }

    /** The stream a durable of this flow reads, from the route that declares it. */
    private String streamOf(String durable) {
        return context.getEndpoints().stream()
                .filter(endpoint -> endpoint instanceof JetStreamEndpoint jetStream
                        && durable.equals(jetStream.getConfiguration().getDurable()))
                .map(endpoint -> ((JetStreamEndpoint) endpoint).getConfiguration().getStream())
                .findFirst().orElseThrow(() -> new AssertionError("no route consumes durable " + durable));
    }

    /** Waits for {@code count} published events in all. */
    protected List<Event> awaitPublished(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> published().getReceivedCounter() >= count);
        return publishedEvents();
    }

    /** Waits for {@code count} dead letters in all. */
    protected List<Exchange> awaitDeadLetters(int count) {
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters().getReceivedCounter() >= count);
        return deadLetters().getReceivedExchanges();
    }

    protected MockEndpoint published() {
        return getMockEndpoint("mock:jetstream:events");
    }

    protected MockEndpoint deadLetters() {
        return getMockEndpoint("mock:jetstream:dlq");
    }

    /** The events published so far, parsed. */
    protected List<Event> publishedEvents() {
        return published().getReceivedExchanges().stream()
                .map(exchange -> Event.parse(exchange.getIn().getBody(byte[].class))).toList();
    }

    /** The one event published so far: of {@code type}, on its own subject, with its id as the message id. */
    protected Event awaitPublishedOnce(EventType type) throws InterruptedException {
        awaitPublished(1);
        Thread.sleep(100);
        assertEquals(1, published().getReceivedCounter(), "events published");
        Exchange exchange = published().getReceivedExchanges().get(0);
        Event event = Event.parse(exchange.getIn().getBody(byte[].class));
        assertEquals(type.typeName(), event.type());
        assertEquals(event.subject(), exchange.getIn().getHeader(JetStreamConstants.OVERRIDE_SUBJECT));
        assertEquals(event.id(), exchange.getIn().getHeader(JetStreamConstants.MSG_ID));
        return event;
    }

    /** An order exists once its OrderCreated is stored: stores it as the place-order route would. */
    protected Event placeOrder(String orderId) throws Exception {
        Event created = orderCreated(orderId, "SKU-1", 2);
        publish(created);
        return created;
    }

    /** The gateway's decision for the order, as the payment flow records it. */
    protected void recordChargeDecision(String orderId, ChargeDecision decision) throws Exception {
        testClient().keyValue("charge-decisions").put(orderId, Json.MAPPER.writeValueAsBytes(decision));
    }

    protected static Event orderCreated(String orderId, String sku, int quantity) {
        return Event.first(EventType.ORDER_CREATED, orderId, Map.of("order_id", orderId, "customer_id", "c-1",
                "amount", "10.00", "currency", "EUR",
                "items", List.of(Map.of("sku", sku, "quantity", quantity, "unit_price", "5.00"))));
    }
}
