package io.orderflow.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.Source;
import io.nats.client.api.StreamConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The streams, the audit stream and the buckets declared from configuration, on a nats-server of the test's own. */
class JetStreamTopologyTest {

    @RegisterExtension
    final JetStreamServer server = new JetStreamServer();

    @Test
    void declaringTwiceIsHarmlessAndTheAuditStreamFilesEveryEventUnderItsOrder() throws Exception {
        JetStreamTopology topology = server.topology("ORDERS=orders.>;PAYMENTS=payments.>", "ORDERS,PAYMENTS");
        topology.setDuplicateWindow(Duration.ofMinutes(1));
        topology.declare();
        topology.declare();

        server.connection().jetStream().publish("orders.created.o-1", "a".getBytes(StandardCharsets.UTF_8));
        server.connection().jetStream().publish("payments.authorized.o-1", "b".getBytes(StandardCharsets.UTF_8));
        JetStreamManagement jsm = server.connection().management();
        server.connection().jetStream().publish("orders.created.o-2", "c".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> jsm.getStreamInfo("AUDIT").getStreamState().getMsgCount() == 3);
        List<String> history = new ArrayList<>();
        server.connection().readEach("AUDIT", JetStreamTopology.auditFilter("o-1"), message -> history.add(message.getSubject()));
        assertEquals(List.of("audit.o-1.orders.created", "audit.o-1.payments.authorized"), history.stream().sorted().toList());
        assertEquals(Duration.ofMinutes(1), jsm.getStreamInfo("ORDERS").getConfiguration().getDuplicateWindow());
        assertEquals("stock", server.connection().connection().keyValueManagement().getStatus("stock").getBucketName());
    }

    @Test
    void deadLettersOutliveTheStreamsMaxAgeAndAFullDeadLetterStreamRefusesRatherThanDrops() throws Exception {
        JetStreamTopology topology = server.topology("ORDERS=orders.>;DLQ=dlq.>", "ORDERS");
        topology.setMaxAge(Duration.ofSeconds(1));
        topology.setDuplicateWindow(Duration.ofMillis(500));
        topology.setDeadLetterStream("DLQ");
        topology.setDeadLetterMaxBytes(4096);
        topology.declare();

        server.connection().jetStream().publish("orders.created.o-1", "event".getBytes(StandardCharsets.UTF_8));
        server.connection().jetStream().publish("dlq.reserve-stock", "dead".getBytes(StandardCharsets.UTF_8));
        JetStreamManagement jsm = server.connection().management();
        await().atMost(Duration.ofSeconds(10)).until(() -> jsm.getStreamInfo("ORDERS").getStreamState().getMsgCount() == 0);
        assertEquals(1, jsm.getStreamInfo("DLQ").getStreamState().getMsgCount(), "the dead letter outlived the max age");

        byte[] large = new byte[1024];
        assertThrows(JetStreamApiException.class, () -> {
            for (int i = 0; i < 10; i++) {
                server.connection().jetStream().publish("dlq.reserve-stock", large);
            }
        }, "a full dead-letter stream refuses the publish, so the event is nak'ed instead of a dead letter dropped");
        assertEquals("dead", new String(jsm.getFirstMessage("DLQ", "dlq.>").getData(), StandardCharsets.UTF_8));
    }

    @Test
    void anAuditStreamFromBeforeTheTransformsFilesItsEarlierEventsUnderTheirOrderOnceDeclaredAgain() throws Exception {
        JetStreamManagement jsm = server.connection().management();
        jsm.addStream(StreamConfiguration.builder().name("ORDERS").subjects("orders.>").build());
        jsm.addStream(StreamConfiguration.builder().name("AUDIT").sources(Source.builder().sourceName("ORDERS").build()).build());
        server.connection().jetStream().publish("orders.created.o-old", "before".getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> jsm.getStreamInfo("AUDIT").getStreamState().getMsgCount() == 1);

        server.topology("ORDERS=orders.>", "ORDERS").declare();

        List<String> history = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            history.clear();
            server.connection().readEach("AUDIT", JetStreamTopology.auditFilter("o-old"), message -> history.add(message.getSubject()));
            return !history.isEmpty();
        });
        assertEquals(List.of("audit.o-old.orders.created"), history);
    }

    @Test
    void aProcessThatOnlyChecksTheTopologyRefusesAnAuditStreamDeclaredBeforeItFiledEventsUnderTheirOrder() throws Exception {
        JetStreamTopology declared = server.topology("ORDERS=orders.>", "ORDERS");
        declared.declare();
        JetStreamTopology checking = server.topology("ORDERS=orders.>", "ORDERS");
        checking.setDeclaring(false);
        checking.declare();

        JetStreamManagement jsm = server.connection().management();
        jsm.updateStream(StreamConfiguration.builder(jsm.getStreamInfo("AUDIT").getConfiguration())
                .sources(Source.builder().sourceName("ORDERS").build()).build());
        IllegalStateException outdated = assertThrows(IllegalStateException.class, checking::declare);
        assertTrue(outdated.getMessage().contains("subject transforms of stream AUDIT"), outdated.getMessage());
        assertTrue(outdated.getMessage().contains("topology Job"), outdated.getMessage());
    }

    @Test
    void anAuditSourceThatIsNotAnEventStreamFailsWithItsName() {
        JetStreamTopology unknown = server.topology("ORDERS=orders.>", "ORDERS,SHIPPING");
        assertTrue(assertThrows(IllegalArgumentException.class, unknown::declare).getMessage().contains("SHIPPING"));
        JetStreamTopology unshaped = server.topology("ORDERS=orders.created", "ORDERS");
        assertTrue(assertThrows(IllegalArgumentException.class, unshaped::declare).getMessage().contains("orders.created"));
    }

    @Test
    void aMalformedStreamSettingFailsWithItsName() {
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> new JetStreamTopology(server.connection()).setStreams("ORDERS"));
        assertTrue(error.getMessage().contains("orderflow.jetstream.streams"));
    }
}
