package io.orderflow.mail;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.orderflow.sandbox.nats.NatsServerProcess;
import io.orderflow.sandbox.net.TcpRelay;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PooledMailSenderTest {

    private ServerSetup smtp;
    private GreenMail mail;
    private final PooledMailSender sender = new PooledMailSender();

    @BeforeEach
    void start() throws Exception {
        smtp = new ServerSetup(NatsServerProcess.freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        mail = new GreenMail(smtp);
        mail.start();
        sender.setHost("127.0.0.1");
        sender.setPort(smtp.getPort());
    }

    @AfterEach
    void stop() {
        sender.close();
        mail.stop();
    }

    private MimeMessage email(int number) throws MessagingException {
        MimeMessage email = new MimeMessage(sender.getSession());
        email.setFrom(new InternetAddress("orders@orderflow.local"));
        email.setRecipient(Message.RecipientType.TO, new InternetAddress("c-" + number + "@customers.orderflow.local"));
        email.setSubject("Order " + number);
        email.setText("Thanks for order " + number);
        return email;
    }

    @Test
    void authenticatesWithTheConfiguredUserAndFailsWithAWrongPassword() throws Exception {
        mail.setUser("mailer@orderflow.local", "mailer", "m4il-pw");
        sender.setUsername("mailer");
        sender.setPassword("m4il-pw");
        sender.send(email(1));
        assertEquals(1, mail.getReceivedMessages().length);

        PooledMailSender wrong = new PooledMailSender();
        wrong.setHost("127.0.0.1");
        wrong.setPort(smtp.getPort());
        wrong.setUsername("mailer");
        wrong.setPassword("not-it");
        assertThrows(AuthenticationFailedException.class, () -> wrong.send(email(2)));
        assertEquals(1, mail.getReceivedMessages().length);
    }

    @Test
    void withStartTlsItRefusesAServerThatDoesNotOfferIt() {
        sender.setStartTls(true);
        MessagingException refused = assertThrows(MessagingException.class, () -> sender.send(email(1)));
        assertTrue(String.valueOf(refused.getMessage()).contains("STARTTLS"), refused.getMessage());
        assertEquals(0, mail.getReceivedMessages().length);
    }

    @Test
    void sendsEmailsOneAfterAnotherOverOneConnection() throws Exception {
        try (TcpRelay counter = new TcpRelay(smtp.getPort())) {
            PooledMailSender counted = new PooledMailSender();
            counted.setHost("127.0.0.1");
            counted.setPort(counter.port());
            for (int i = 0; i < 5; i++) {
                counted.send(email(i));
            }
            counted.close();

            assertEquals(5, mail.getReceivedMessages().length);
            assertEquals(1, counter.opened(), "camel-mail's own sender opens one connection per email");
        }
    }

    @Test
    void keepsTheMessageIdTheCallerChose() throws Exception {
        MimeMessage chosen = email(1);
        chosen.setHeader("Message-ID", "<email.o-1@orderflow>");
        sender.send(chosen);
        sender.send(email(2));

        MimeMessage[] received = mail.getReceivedMessages();
        assertEquals("<email.o-1@orderflow>", received[0].getMessageID());
        assertNotEquals(null, received[1].getMessageID(), "one is made up when none was chosen");
    }

    @Test
    void namesJakartaMailsStreamProviderSoThatItIsNotLookedUpForEveryPart() {
        assertEquals("org.eclipse.angus.mail.util.MailStreamProvider",
                System.getProperty(jakarta.mail.util.StreamProvider.class.getName()));
    }

    @Test
    void deliversEveryEmailAndRecoversFromAConnectionTheServerDropped() throws Exception {
        for (int i = 0; i < 5; i++) {
            sender.send(email(i));
        }
        assertEquals(5, mail.getReceivedMessages().length);

        // the server restarts: the connection kept open is dead, and the send on it fails like any send would
        mail.stop();
        mail = new GreenMail(smtp);
        mail.start();
        assertThrows(MessagingException.class, () -> sender.send(email(5)));
        sender.send(email(6));

        assertEquals(1, mail.getReceivedMessages().length);
        assertEquals("Order 6", mail.getReceivedMessages()[0].getSubject());
    }
}
