package io.orderflow.nats;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.nats.client.JetStreamManagement;
import io.orderflow.jetstream.JetStreamConnection;
import io.orderflow.sandbox.nats.NatsServerProcess;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

class JetStreamTopologyTest {

    @Test
    void declaringTwiceIsHarmlessAndTheAuditStreamGathersEveryEventStream() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess()) {
            JetStreamConnection connection = new JetStreamConnection();
            connection.setUrl(nats.url());
            connection.start();
            try {
                JetStreamTopology topology = new JetStreamTopology(connection);
                topology.setStreams("ORDERS=orders.>;PAYMENTS=payments.>");
                topology.setAuditStream("AUDIT");
                topology.setAuditSources("ORDERS,PAYMENTS");
                topology.setBuckets("stock");
                topology.setDuplicateWindow(Duration.ofMinutes(1));
                topology.declare();
                topology.declare();

                connection.jetStream().publish("orders.created.o-1", "a".getBytes(StandardCharsets.UTF_8));
                connection.jetStream().publish("payments.authorized.o-1", "b".getBytes(StandardCharsets.UTF_8));
                JetStreamManagement jsm = connection.management();
                await().atMost(Duration.ofSeconds(10)).until(() ->
                        jsm.getStreamInfo("AUDIT").getStreamState().getMsgCount() == 2);
                assertEquals(Duration.ofMinutes(1), jsm.getStreamInfo("ORDERS").getConfiguration().getDuplicateWindow());
                assertEquals("stock", connection.connection().keyValueManagement().getStatus("stock").getBucketName());
            } finally {
                connection.stop();
            }
        }
    }

    @Test
    void deadLettersOutliveTheStreamsMaxAgeAndAFullDeadLetterStreamRefusesRatherThanDrops() throws Exception {
        try (NatsServerProcess nats = new NatsServerProcess()) {
            JetStreamConnection connection = new JetStreamConnection();
            connection.setUrl(nats.url());
            connection.start();
            try {
                JetStreamTopology topology = new JetStreamTopology(connection);
                topology.setStreams("ORDERS=orders.>;DLQ=dlq.>");
                topology.setAuditStream("AUDIT");
                topology.setAuditSources("ORDERS");
                topology.setBuckets("stock");
                topology.setMaxAge(Duration.ofSeconds(1));
                topology.setDuplicateWindow(Duration.ofMillis(500));
                topology.setDeadLetterStream("DLQ");
                topology.setDeadLetterMaxBytes(4096);
                topology.declare();

                connection.jetStream().publish("orders.created.o-1", "event".getBytes(StandardCharsets.UTF_8));
                connection.jetStream().publish("dlq.reserve-stock", "dead".getBytes(StandardCharsets.UTF_8));
                JetStreamManagement jsm = connection.management();
                await().atMost(Duration.ofSeconds(10)).until(() -> jsm.getStreamInfo("ORDERS").getStreamState().getMsgCount() == 0);
                assertEquals(1, jsm.getStreamInfo("DLQ").getStreamState().getMsgCount(), "the dead letter outlived the max age");

                byte[] large = new byte[1024];
                org.junit.jupiter.api.Assertions.assertThrows(io.nats.client.JetStreamApiException.class, () -> {
                    for (int i = 0; i < 10; i++) {
                        connection.jetStream().publish("dlq.reserve-stock", large);
                    }
                }, "a full dead-letter stream refuses the publish, so the event is nak'ed instead of a dead letter dropped");
                assertEquals("dead", new String(jsm.getFirstMessage("DLQ", "dlq.>").getData(), StandardCharsets.UTF_8));
            } finally {
                connection.stop();
            }
        }
    }

    @Test
    void aMalformedStreamSettingFailsWithItsName() {
        JetStreamTopology topology = new JetStreamTopology(new JetStreamConnection());
        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> topology.setStreams("ORDERS"));
        org.junit.jupiter.api.Assertions.assertTrue(error.getMessage().contains("orderflow.jetstream.streams"));
    }
}
