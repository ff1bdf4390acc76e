package io.orderflow.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orderflow.event.Event;
import io.orderflow.event.EventType;
import io.orderflow.sandbox.nats.NatsServerProcess;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** routes/notification.camel.yaml: one email per order when it ends, then NotificationSent. */
class NotificationRoutesTest extends FlowRouteTestSupport {

    private static final GreenMail mail = startMail();

    @Override
    protected String flow() {
        return "notification";
    }

    @Override
    protected Map<String, String> properties() {
        return Map.of("orderflow.smtp.port", Integer.toString(mail.getSmtp().getPort()));
    }

    @Test
    void aConfirmedOrderGetsOneEmailEvenWhenItsOutcomeIsDeliveredAgain() throws Exception {
        Event confirmed = placeOrder("o-mail").causes(EventType.ORDER_CONFIRMED,
                Map.of("order_id", "o-mail", "customer_id", "c-1", "amount", "10.00", "currency", "EUR"));
        publish(confirmed);
        Event sent = awaitPublishedOnce(EventType.NOTIFICATION_SENT);
        assertEquals("c-1@customers.orderflow.local", sent.text("recipient"));
        publish(confirmed);
        assertEquals(sent.id(), awaitPublished(2).get(1).id(), "NotificationSent again, with the same id");
        awaitSettled("notification-order-confirmed");
        MimeMessage[] received = mail.getReceivedMessages();
        assertEquals(1, received.length, "one email");
        assertEquals("Your order o-mail is confirmed", received[0].getSubject());
        assertEquals("c-1@customers.orderflow.local", received[0].getAllRecipients()[0].toString());
        assertEquals("<email.o-mail@orderflow>", received[0].getMessageID());
    }

    private static GreenMail startMail() {
        try {
            GreenMail server = new GreenMail(new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stopMail() {
        mail.stop();
    }
}
