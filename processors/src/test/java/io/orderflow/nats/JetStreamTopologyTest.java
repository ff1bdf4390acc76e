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
    void aMalformedStreamSettingFailsWithItsName() {
        JetStreamTopology topology = new JetStreamTopology(new JetStreamConnection());
        IllegalArgumentException error = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> topology.setStreams("ORDERS"));
        org.junit.jupiter.api.Assertions.assertTrue(error.getMessage().contains("orderflow.jetstream.streams"));
    }
}
