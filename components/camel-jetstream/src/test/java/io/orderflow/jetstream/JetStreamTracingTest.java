package io.orderflow.jetstream;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.api.baggage.propagation.W3CBaggagePropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A trace goes on across JetStream: the W3C trace context headers are published and consumed whatever the
 * header filter strategy lets through, and jetstream: spans say which subject, stream, durable and delivery.
 */
class JetStreamTracingTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private NatsServerProcess nats;
    private Connection client;
    private CamelContext camel;
    private final BlockingQueue<Map<String, Object>> consumed = new LinkedBlockingQueue<>();

    @BeforeEach
    void start() throws Exception {
        nats = new NatsServerProcess();
        client = Nats.connect(new io.nats.client.Options.Builder().server(nats.url()).maxReconnects(-1).build());
        client.jetStreamManagement().addStream(StreamConfiguration.builder().name("WORK").subjects("work.>")
                .storageType(StorageType.File).build());
        camel = new DefaultCamelContext();
        JetStreamConnection connection = new JetStreamConnection();
        connection.setUrl(nats.url());
        camel.getRegistry().bind("jetStreamConnection", connection);
        camel.addService(connection, true, true);
        // like an application that publishes its own headers only: everything else stays in the route
        JetStreamHeaderFilterStrategy workHeadersOnly = new JetStreamHeaderFilterStrategy();
        workHeadersOnly.setOutFilterPattern("(?!Work-).*");
        camel.getRegistry().bind("workHeadersOnly", workHeadersOnly);
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        client.close();
        nats.close();
    }

    private void routes(String publishTo) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish").routeId("publisher").to(publishTo + "?headerFilterStrategy=#workHeadersOnly");
                from("jetstream:work.>?stream=WORK&durable=worker&headerFilterStrategy=#workHeadersOnly").routeId("worker")
                        .process(exchange -> consumed.add(Map.copyOf(exchange.getIn().getHeaders())));
            }
        });
        camel.start();
    }

    @Test
    void theTraceContextCrossesJetStreamThoughTheHeaderFilterLetsOnlyTheApplicationsHeadersOut() throws Exception {
        routes("jetstream:work.order-1");
        camel.createProducerTemplate().sendBodyAndHeaders("direct:publish", "job", Map.of(
                "traceparent", TRACEPARENT, "tracestate", "vendor=opaque", "baggage", "tenant=t-1",
                "Work-Kind", "job", "Content-Type", "text/plain"));

        Headers published = client.jetStreamManagement().getLastMessage("WORK", "work.order-1").getHeaders();
        assertEquals(TRACEPARENT, published.getFirst("traceparent"));
        assertEquals("vendor=opaque", published.getFirst("tracestate"));
        assertEquals("tenant=t-1", published.getFirst("baggage"));
        assertEquals("job", published.getFirst("Work-Kind"));
        assertNull(published.getFirst("Content-Type"), "the filter still decides every other header");

        Map<String, Object> headers = consumed.poll(10, TimeUnit.SECONDS);
        assertNotNull(headers, "consumed");
        assertEquals(TRACEPARENT, headers.get("traceparent"));
        assertEquals("vendor=opaque", headers.get("tracestate"));
        assertEquals("tenant=t-1", headers.get("baggage"));
    }

    @Test
    void aTracedPublishAndItsConsumptionAreOneTraceWithMessagingSpans() throws Exception {
        InMemorySpanExporter spans = InMemorySpanExporter.create();
        SdkTracerProvider tracing = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        camel.getRegistry().bind("tracer", io.opentelemetry.api.trace.Tracer.class, tracing.get("camel"));
        camel.getRegistry().bind("propagators", ContextPropagators.class, ContextPropagators.create(TextMapPropagator.composite(
                W3CTraceContextPropagator.getInstance(), W3CBaggagePropagator.getInstance())));
        OpenTelemetryTracer tracer = new OpenTelemetryTracer();
        tracer.setCamelContext(camel);
        tracer.init(camel);
        routes("jetstream:work.order-2");

        camel.createProducerTemplate().sendBody("direct:publish", "job");
        assertNotNull(consumed.poll(10, TimeUnit.SECONDS), "consumed");
        await().atMost(Duration.ofSeconds(10)).until(() -> span(spans.getFinishedSpanItems(), "process work.>") != null);

        List<SpanData> finished = spans.getFinishedSpanItems();
        SpanData send = span(finished, "send work.order-2");
        SpanData process = span(finished, "process work.>");
        assertNotNull(send, "publish span among " + finished);
        assertEquals(1, finished.stream().map(SpanData::getTraceId).distinct().count(), "one trace: " + finished);
        assertEquals(send.getSpanId(), process.getParentSpanId(), "the consumer goes on from the publish");

        assertEquals("nats", attribute(send, "messaging.system"));
        assertEquals("send", attribute(send, "messaging.operation.type"));
        assertEquals("work.order-2", attribute(send, "messaging.destination.name"));
        assertEquals("WORK", attribute(send, "messaging.nats.stream"), "from the publish ack");
        assertEquals("1", attribute(send, "messaging.nats.stream_sequence"));

        assertEquals("nats", attribute(process, "messaging.system"));
        assertEquals("process", attribute(process, "messaging.operation.type"));
        assertEquals("work.order-2", attribute(process, "messaging.destination.name"));
        assertEquals("work.>", attribute(process, "messaging.destination.template"));
        assertEquals("WORK", attribute(process, "messaging.nats.stream"));
        assertEquals("worker", attribute(process, "messaging.nats.durable"));
        assertEquals("1", attribute(process, "messaging.nats.delivery_count"));
        tracing.close();
    }

    private static SpanData span(List<SpanData> spans, String name) {
        return spans.stream().filter(span -> span.getName().equals(name)).findFirst().orElse(null);
    }

    private static String attribute(SpanData span, String key) {
        return span.getAttributes().get(AttributeKey.stringKey(key));
    }
}
