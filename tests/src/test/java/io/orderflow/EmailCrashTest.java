package io.orderflow;

import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import io.orderflow.testing.OrderflowProcesses;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The flows' process dies while an email is being sent: after the restart the email is sent, once, with
 * the Message-ID of its order. Before, it was marked as sent before it went out, and lost.
 */
class EmailCrashTest {

    @Test
    void anEmailWhoseProcessIsKilledMidSendIsSentAfterTheRestart() throws Exception {
        try (OrderflowProcesses cluster = new OrderflowProcesses("email-crash", Map.of())) {
            cluster.setStock("MAIL-1", 10);
            cluster.smtp.hold(true);
            String order = cluster.placeOrder("c-1", "MAIL-1", 1, "5.00");
            await().atMost(Duration.ofSeconds(20)).until(() -> "CONFIRMED".equals(cluster.status(order)));
            await().atMost(Duration.ofSeconds(20)).until(() -> cluster.smtp.held() > 0);

            cluster.flows.kill();
            cluster.smtp.hold(false);
            cluster.flows.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> cluster.mail.getReceivedMessages().length >= 1);
            Thread.sleep(2_000);
            MimeMessage[] received = cluster.mail.getReceivedMessages();
            assertEquals(1, received.length, "emails: " + Arrays.toString(received));
            assertEquals("<email." + order + "@orderflow>", received[0].getMessageID());
        }
    }
}
