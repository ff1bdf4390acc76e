package io.orderflow.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
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
        server.connection().readEach("AUDIT", JetStreamTopology.auditSubjects("o-1"), message -> history.add(message.getSubject()));
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
