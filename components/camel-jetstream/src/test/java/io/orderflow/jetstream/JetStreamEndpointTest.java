package io.orderflow.jetstream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.nats.client.Connection;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.PublishOptions;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import io.nats.client.impl.Headers;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultHeaderFilterStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The jetstream: endpoint on its own, against a nats-server of the test's own. */
class JetStreamEndpointTest {

    private NatsServerProcess nats;
    private Connection client;
    private CamelContext camel;

    @BeforeEach
    void start() throws Exception {
        nats = new NatsServerProcess();
        client = Nats.connect(new io.nats.client.Options.Builder().server(nats.url()).maxReconnects(-1).build());
        JetStreamManagement jsm = client.jetStreamManagement();
        jsm.addStream(StreamConfiguration.builder().name("WORK").subjects("work.>").storageType(StorageType.File).build());
        jsm.addStream(StreamConfiguration.builder().name("DLQ").subjects("dlq.>").storageType(StorageType.File).build());
        camel = newContext();
    }

    private CamelContext newContext() throws Exception {
        CamelContext context = new DefaultCamelContext();
        JetStreamConnection connection = new JetStreamConnection();
        connection.setUrl(nats.url());
        context.getRegistry().bind("jetStreamConnection", connection);
        context.addService(connection, true, true);
        return context;
    }

    @AfterEach
    void stop() throws Exception {
        camel.stop();
        client.close();
        nats.close();
    }

    private void consume(String options, org.apache.camel.Processor processor) throws Exception {
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("jetstream:work.*?stream=WORK&durable=worker&nackWait=100ms&maxNackWait=200ms" + options)
                        .routeId("worker").process(processor);
            }
        });
        camel.start();
    }

    private void publish(String subject, String body) throws Exception {
        client.jetStream().publish(subject, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFailedExchangeIsNakedAndRedeliveredUntilItSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger lastDelivery = new AtomicInteger();
        consume("", exchange -> {
            attempts.incrementAndGet();
            lastDelivery.set(exchange.getIn().getHeader(JetStreamConstants.DELIVERY_COUNT, Integer.class));
            if (attempts.get() < 3) {
                throw new IllegalStateException("not yet");
            }
        });
        publish("work.a", "job");
        await().atMost(Duration.ofSeconds(10)).until(() -> attempts.get() == 3);
        assertEquals(3, lastDelivery.get());
        await().atMost(Duration.ofSeconds(5)).until(() ->
                client.jetStreamManagement().getConsumerInfo("WORK", "worker").getNumAckPending() == 0);
        Thread.sleep(500);
        assertEquals(3, attempts.get(), "acked after success: no further delivery");
    }

    @Test
    void aPoisonMessageIsDeadLetteredWithItsReasonAfterMaxDeliverAndNotRetriedAgain() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        consume("&maxDeliver=3&deadLetterSubject=dlq.worker&deadLetterHeaderPrefix=Work-Dead-", exchange -> {
            attempts.incrementAndGet();
            throw new IllegalArgumentException("cannot digest " + exchange.getIn().getBody(String.class));
        });
        publish("work.poison", "poison");
        Message dead = client.jetStream().getStreamContext("DLQ").createOrderedConsumer(
                new io.nats.client.api.OrderedConsumerConfiguration()).next(Duration.ofSeconds(10));
        assertNotNull(dead, "dead letter published");
        assertEquals("poison", new String(dead.getData(), StandardCharsets.UTF_8));
        Headers headers = dead.getHeaders();
        assertTrue(headers.getFirst("Work-Dead-Reason").contains("cannot digest poison"));
        assertEquals("work.poison", headers.getFirst("Work-Dead-Subject"));
        assertEquals("3", headers.getFirst("Work-Dead-Attempts"));
        assertEquals("worker", headers.getFirst("Work-Dead-Flow"));
        Thread.sleep(1_000);
        assertEquals(3, attempts.get(), "terminated: never delivered again");
    }

    @Test
    void theConsumerCountsOutcomesAndRedeliveriesAndReportsWhatWaitsForItsDurable() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        camel.getRegistry().bind("meters", meters);
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch blocked = new CountDownLatch(1);
        consume("&maxDeliver=2&deadLetterSubject=dlq.worker&maxInFlight=1&concurrentConsumers=1", exchange -> {
            String body = exchange.getIn().getBody(String.class);
            if (body.equals("poison") || body.equals("once") && attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("fails");
            }
            if (body.equals("stuck")) {
                blocked.await();
            }
        });
        publish("work.a", "once");
        publish("work.b", "poison");
        Tags worker = Tags.of("stream", "WORK", "durable", "worker", "route", "worker");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                meters.counter("jetstream.consumer.messages", worker.and("outcome", "dead_lettered")).count() == 1);
        assertEquals(1, meters.counter("jetstream.consumer.messages", worker.and("outcome", "acked")).count());
        assertEquals(2, meters.counter("jetstream.consumer.messages", worker.and("outcome", "retried")).count(),
                "the first delivery of each");
        assertEquals(2, meters.counter("jetstream.consumer.redeliveries", worker).count());

        publish("work.c", "stuck");
        publish("work.d", "behind it");
        Tags durable = Tags.of("stream", "WORK", "durable", "worker");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertEquals(1, meters.get("jetstream.consumer.ack.pending").tags(durable).gauge().value());
            assertEquals(1, meters.get("jetstream.consumer.pending").tags(durable).gauge().value());
            assertTrue(meters.get("jetstream.consumer.oldest.unacked.age").tags(durable).gauge().value() >= 1,
                    "the stuck message's age");
        });
        blocked.countDown();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals(0, meters.get("jetstream.consumer.oldest.unacked.age").tags(durable).gauge().value()));
        camel.getRouteController().stopRoute("worker");
        camel.removeRoute("worker");
        assertTrue(meters.find("jetstream.consumer.pending").gauges().isEmpty(), "a removed route's durable is not reported");
    }

    @Test
    void aScrapeWhileNatsIsAwayAnswersAtOnceAndSaysTheServerFiguresAreUnknown() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        camel.getRegistry().bind("meters", meters);
        consume("", exchange -> { });
        Tags durable = Tags.of("stream", "WORK", "durable", "worker");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertEquals(0, meters.get("jetstream.consumer.pending").tags(durable).gauge().value()));
        nats.kill();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() -> {
            long started = System.nanoTime();
            double pending = meters.get("jetstream.consumer.pending").tags(durable).gauge().value();
            assertTrue(System.nanoTime() - started < Duration.ofMillis(200).toNanos(), "a scrape waited for NATS");
            return Double.isNaN(pending);
        });
    }

    @Test
    void aConsumerThatMayNotDeclareItsDurableChecksItAndSaysWhatToRunWhenItIsMissing() throws Exception {
        Exception missing = org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> consume("&declareDurable=false", exchange -> { }));
        Throwable cause = missing;
        while (cause.getCause() != null && !(cause instanceof IllegalStateException)) {
            cause = cause.getCause();
        }
        assertTrue(cause.getMessage().contains("durable consumer worker of stream WORK does not exist")
                && cause.getMessage().contains("./orderflow topology"), cause.toString());
        assertTrue(client.jetStreamManagement().getConsumerNames("WORK").isEmpty(), "nothing was declared");

        camel.stop();
        client.jetStreamManagement().addOrUpdateConsumer("WORK", io.nats.client.api.ConsumerConfiguration.builder()
                .durable("worker").filterSubject("work.*").ackPolicy(io.nats.client.api.AckPolicy.Explicit).build());
        camel = newContext();
        AtomicInteger handled = new AtomicInteger();
        consume("&declareDurable=false", exchange -> handled.incrementAndGet());
        publish("work.a", "job");
        await().atMost(Duration.ofSeconds(10)).until(() -> handled.get() == 1);
    }

    @Test
    void slowWorkPastTheAckWaitIsKeptAliveWithInProgressSignals() throws Exception {
        AtomicInteger deliveries = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        consume("&ackWait=1s", exchange -> {
            deliveries.incrementAndGet();
            Thread.sleep(2_500);
            done.incrementAndGet();
        });
        publish("work.slow", "slow job");
        await().atMost(Duration.ofSeconds(10)).until(() -> done.get() == 1);
        Thread.sleep(1_500);
        assertEquals(1, deliveries.get(), "never redelivered while still being worked on");
    }

    @Test
    void aMessagePublishedTwiceWithTheSameIdIsStoredOnce() throws Exception {
        camel.start();
        ProducerTemplate producer = camel.createProducerTemplate();
        Map<String, Object> headers = Map.of(JetStreamConstants.MSG_ID, "event-1");
        Exchange first = producer.request("jetstream:work.dup", e -> {
            e.getIn().setBody("once");
            e.getIn().setHeaders(new java.util.HashMap<>(headers));
        });
        Exchange second = producer.request("jetstream:work.dup", e -> {
            e.getIn().setBody("once");
            e.getIn().setHeaders(new java.util.HashMap<>(headers));
        });
        assertEquals(false, first.getMessage().getHeader(JetStreamConstants.DUPLICATE));
        assertEquals(true, second.getMessage().getHeader(JetStreamConstants.DUPLICATE));
        assertEquals("work.dup", second.getMessage().getHeader(JetStreamConstants.PUBLISHED_SUBJECT));
        assertEquals(1, client.jetStreamManagement().getStreamInfo("WORK").getStreamState().getMsgCount());
    }

    @Test
    void aConditionalPublishIsStoredOnlyWhileTheSubjectIsAsExpected() throws Exception {
        camel.start();
        ProducerTemplate producer = camel.createProducerTemplate();
        Map<String, Object> firstOnly = Map.of(JetStreamConstants.EXPECTED_LAST_SUBJECT_SEQUENCE, 0L);
        Exchange first = producer.request("jetstream:work.once", e -> {
            e.getIn().setBody("first");
            e.getIn().setHeaders(new java.util.HashMap<>(firstOnly));
        });
        Exchange second = producer.request("jetstream:work.once", e -> {
            e.getIn().setBody("second");
            e.getIn().setHeaders(new java.util.HashMap<>(firstOnly));
        });
        assertEquals(null, first.getException());
        assertEquals(null, first.getMessage().getHeader(JetStreamConstants.EXPECTED_LAST_SUBJECT_SEQUENCE),
                "used once: a later publish of the exchange must not inherit the condition");
        assertTrue(second.getException() instanceof JetStreamExpectationFailedException, String.valueOf(second.getException()));
        var stored = client.jetStreamManagement().getLastMessage("WORK", "work.once");
        assertEquals("first", new String(stored.getData(), StandardCharsets.UTF_8));
        assertEquals(1, client.jetStreamManagement().getStreamInfo("WORK").getStreamState().getMsgCount());
    }

    @Test
    void aConditionalRepublishWithTheSameIdInsideTheDuplicateWindowIsADuplicate() throws Exception {
        camel.start();
        ProducerTemplate producer = camel.createProducerTemplate();
        Map<String, Object> once = Map.of(JetStreamConstants.EXPECTED_LAST_SUBJECT_SEQUENCE, 0L, JetStreamConstants.MSG_ID, "e-1");
        Exchange first = producer.request("jetstream:work.id?publishTimeout=2s", e -> {
            e.getIn().setBody("event");
            e.getIn().setHeaders(new java.util.HashMap<>(once));
        });
        Exchange again = producer.request("jetstream:work.id?publishTimeout=2s", e -> {
            e.getIn().setBody("event");
            e.getIn().setHeaders(new java.util.HashMap<>(once));
        });
        assertEquals(null, first.getException());
        assertEquals(null, again.getException());
        assertEquals(true, again.getMessage().getHeader(JetStreamConstants.DUPLICATE));
    }

    @Test
    void aRouteMayMakeABlockingNatsRequestRightAfterAPublish() throws Exception {
        JetStreamConnection connection = camel.getRegistry().lookupByNameAndType("jetStreamConnection", JetStreamConnection.class);
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:publish-then-read").to("jetstream:work.read")
                        .process(e -> e.getMessage().setBody(connection.management().getStreamInfo("WORK").getStreamState().getMsgCount()));
            }
        });
        camel.start();
        Exchange done = camel.createProducerTemplate().request("direct:publish-then-read", e -> e.getIn().setBody("stored"));
        assertEquals(null, done.getException(), "the read ran on jnats' own thread and waited for itself");
        assertEquals(1L, done.getMessage().getBody(Long.class));
    }

    @Test
    void withAStartupTimeoutAConnectionThatFindsNoNatsFailsNamingTheUrlButNotItsPassword() throws Exception {
        JetStreamConnection unreachable = new JetStreamConnection();
        unreachable.setUrl("nats://app:s3cret@127.0.0.1:" + NatsServerProcess.freePort());
        unreachable.setStartupTimeout(Duration.ofSeconds(1));
        Exception failed = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, unreachable::start);
        String message = String.valueOf(failed.getMessage()) + failed.getCause();
        assertTrue(message.contains("No NATS at nats://***@127.0.0.1:"), message);
        assertTrue(!message.contains("s3cret"), message);
    }

    @Test
    void aStartupRequestThatTimesOutIsAskedAgainUntilTheStartupTimeout() throws Exception {
        JetStreamConnection connection = new JetStreamConnection();
        connection.setUrl(nats.url());
        connection.setStartupTimeout(Duration.ofSeconds(2));
        AtomicInteger asked = new AtomicInteger();
        String answer = connection.awaitAnswer("stream WORK", () -> {
            if (asked.incrementAndGet() < 3) {
                throw new IOException("Timeout or no response waiting for NATS JetStream server");
            }
            return "declared";
        });
        assertEquals("declared", answer);
        assertEquals(3, asked.get());
        IOException gaveUp = org.junit.jupiter.api.Assertions.assertThrows(IOException.class, () -> connection.awaitAnswer(
                "stream WORK", () -> {
                    throw new IOException("Timeout or no response waiting for NATS JetStream server");
                }));
        assertTrue(gaveUp.getMessage().startsWith("No stream WORK at nats://"), gaveUp.getMessage());
    }

    @Test
    void theServerHandsOutOnlyWhatCanRunSoNoMessageWaitsInABuffer() throws Exception {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger started = new AtomicInteger();
        consume("&maxInFlight=2&concurrentConsumers=2", exchange -> {
            started.incrementAndGet();
            release.await();
        });
        for (int i = 0; i < 10; i++) {
            publish("work.held", "job-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 2);
        Thread.sleep(1_000);
        var consumer = client.jetStreamManagement().getConsumerInfo("WORK", "worker");
        assertEquals(2, consumer.getConsumerConfiguration().getMaxAckPending());
        assertEquals(2, consumer.getNumAckPending(), "delivered: only what runs");
        assertEquals(8, consumer.getNumPending(), "the rest waits on the server, not in a client buffer");
        release.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> started.get() == 10);
    }

    @Test
    void replicasSharingADurableMayHaveMoreUnacknowledgedThanOneProcessRuns() throws Exception {
        consume("&maxInFlight=2&maxAckPending=6", exchange -> { });
        assertEquals(6, client.jetStreamManagement().getConsumerInfo("WORK", "worker").getConsumerConfiguration().getMaxAckPending());
    }

    @Test
    void stoppingFetchesNothingMoreAndAcksTheExchangesThatFinishWithinTheShutdownTimeout() throws Exception {
        java.util.concurrent.CountDownLatch running = new java.util.concurrent.CountDownLatch(2);
        AtomicInteger finished = new AtomicInteger();
        consume("&maxInFlight=2&concurrentConsumers=2", exchange -> {
            running.countDown();
            Thread.sleep(1_500);
            finished.incrementAndGet();
        });
        for (int i = 0; i < 5; i++) {
            publish("work.drained", "job-" + i);
        }
        assertTrue(running.await(10, java.util.concurrent.TimeUnit.SECONDS));

        camel.getRouteController().stopRoute("worker");

        assertEquals(2, finished.get(), "the stop waited for the running exchanges and started no other");
        var consumer = client.jetStreamManagement().getConsumerInfo("WORK", "worker");
        assertEquals(2, consumer.getAckFloor().getStreamSequence(), "the two that ran were acked as they ended");
        assertTrue(consumer.getDelivered().getConsumerSequence() < 10,
                "what a still open pull delivered after the stop was given back once, not bounced back and forth: "
                        + consumer.getDelivered().getConsumerSequence() + " deliveries");

        camel.getRouteController().startRoute("worker");
        // well inside the 30 s ack wait: nothing given back was left to it
        await().atMost(Duration.ofSeconds(15)).until(() -> finished.get() == 5);
        Thread.sleep(500);
        assertEquals(5, finished.get(), "the other three ran once each after the restart");
    }

    @Test
    void camelAndNatsHeadersStayInTheRouteByDefault() throws Exception {
        camel.start();
        camel.createProducerTemplate().sendBodyAndHeaders("jetstream:work.headers", "body",
                Map.of("Trace", "t-1", "CamelFileName", "x", "Nats-Msg-Id", "stale-id"));
        var published = client.jetStreamManagement().getLastMessage("WORK", "work.headers");
        assertEquals("t-1", published.getHeaders().getFirst("Trace"));
        assertEquals(null, published.getHeaders().getFirst("CamelFileName"));
        assertEquals(null, published.getHeaders().getFirst("Nats-Msg-Id"));
    }

    @Test
    void aHeaderFilterStrategyChoosesWhatIsPublished() throws Exception {
        DefaultHeaderFilterStrategy onlyTraces = new DefaultHeaderFilterStrategy();
        onlyTraces.setOutFilterPattern("Trace-.*");
        onlyTraces.setFilterOnMatch(false);
        camel.getRegistry().bind("onlyTraces", onlyTraces);
        camel.start();
        camel.createProducerTemplate().sendBodyAndHeaders("jetstream:work.headers?headerFilterStrategy=#onlyTraces", "body",
                Map.of("Trace-Id", "t-1", "Content-Type", "text/plain"));
        var published = client.jetStreamManagement().getLastMessage("WORK", "work.headers");
        assertEquals("t-1", published.getHeaders().getFirst("Trace-Id"));
        assertEquals(null, published.getHeaders().getFirst("Content-Type"));
    }

    @Test
    void componentDefaultsReachEveryEndpointAndTheUriOverridesThem() throws Exception {
        JetStreamComponent component = camel.getComponent("jetstream", JetStreamComponent.class);
        component.getConfiguration().setMaxInFlight(7);
        JetStreamEndpoint plain = camel.getEndpoint("jetstream:work.a", JetStreamEndpoint.class);
        JetStreamEndpoint tuned = camel.getEndpoint("jetstream:work.b?maxInFlight=3&nackWait=250ms", JetStreamEndpoint.class);
        assertEquals(7, plain.getConfiguration().getMaxInFlight());
        assertEquals(3, tuned.getConfiguration().getMaxInFlight());
        assertEquals(Duration.ofMillis(250), tuned.getConfiguration().getNackWait());
        assertEquals(Duration.ofSeconds(1), plain.getConfiguration().getNackWait());
    }

    @Test
    void aPublishWithoutAnAckFailsTheExchange() throws Exception {
        camel.start();
        Exchange result = camel.createProducerTemplate().request("jetstream:nowhere.at.all?publishTimeout=1s",
                e -> e.getIn().setBody("lost?"));
        assertNotNull(result.getException());
        assertTrue(result.getException() instanceof JetStreamPublishException, result.getException().toString());
    }

    @Test
    void theConsumerKeepsConsumingAcrossANatsServerRestartAndReportsNotReadyMeanwhile() throws Exception {
        Set<String> received = ConcurrentHashMap.newKeySet();
        consume("", exchange -> received.add(exchange.getIn().getBody(String.class)));
        JetStreamHealthCheck health = new JetStreamHealthCheck(camel.getRegistry().lookupByNameAndType(
                "jetStreamConnection", JetStreamConnection.class));
        health.setCamelContext(camel);
        for (int i = 0; i < 50; i++) {
            publish("work.before", "before-" + i);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> received.size() == 50);
        nats.kill();
        await().atMost(Duration.ofSeconds(10)).until(() -> health.call().getState() == HealthCheck.State.DOWN);
        nats.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> health.call().getState() == HealthCheck.State.UP);
        for (int i = 0; i < 50; i++) {
            String body = "after-" + i;
            // a publisher retries until JetStream acks, as the restarted server recovers its streams; a
            // reconnected jnats connection sometimes times out on every JetStream request (the fault that
            // JetStreamConnection.checkTimeout works around), so this one reconnects as Orderflow's would
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                try {
                    publish("work.after", body);
                } catch (IOException timedOut) {
                    client.forceReconnect();
                    throw timedOut;
                }
                return true;
            });
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> received.size() >= 100);
        for (int i = 0; i < 50; i++) {
            assertTrue(received.contains("after-" + i), "after-" + i);
        }
    }
}
