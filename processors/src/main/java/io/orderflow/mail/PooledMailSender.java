package io.orderflow.mail;

import java.util.Date;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

import jakarta.mail.MessagingException;
import jakarta.mail.Transport;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.util.StreamProvider;
import org.apache.camel.component.mail.DefaultJavaMailSender;

/**
 * camel-mail's sender with its SMTP connections kept open: camel-mail connects, greets (EHLO), sends and
 * quits for every email, so under load most of an email's cost was the connection around it. Connections
 * idle longer than {@code maxIdleMillis} are closed rather than reused, since servers drop idle clients;
 * a connection that fails is closed, and the email fails like any send would (the event is redelivered).
 * <p>
 * Written by hand because camel-mail 4.17 reuses no connection and the pooling Jakarta Mail provider
 * (simple-java-mail's smtp-connection-pool) is not in our Maven registry.
 */
public class PooledMailSender extends DefaultJavaMailSender {

    private static final String MESSAGE_ID = "Message-ID";

    private record Connection(Transport transport, long idleSince) {
    }

    private final BlockingDeque<Connection> idle = new LinkedBlockingDeque<>();
    private int maxIdleConnections = 64;
    private volatile boolean closed;
    private long maxIdleMillis = 10_000;

    public PooledMailSender() {
        nameTheStreamProvider();
        setProtocol("smtp");
        getJavaMailProperties().setProperty("mail.smtp.connectiontimeout", "30000");
        getJavaMailProperties().setProperty("mail.smtp.timeout", "30000");
    }

    /**
     * Unless a system property names it, Jakarta Mail looks its StreamProvider up with a ServiceLoader (a scan
     * of the classpath's jars) for every MIME part it reads or writes: a tenth of the flows' CPU under load.
     */
    public static void nameTheStreamProvider() {
        System.getProperties().putIfAbsent(StreamProvider.class.getName(), "org.eclipse.angus.mail.util.MailStreamProvider");
    }

    /** The SMTP user; blank sends without authenticating. */
    @Override
    public void setUsername(String username) {
        boolean authenticates = username != null && !username.isBlank();
        super.setUsername(authenticates ? username : null);
        getJavaMailProperties().setProperty("mail.smtp.auth", Boolean.toString(authenticates));
    }

    @Override
    public void setPassword(String password) {
        super.setPassword(password == null || password.isBlank() ? null : password);
    }

    /** Upgrades every connection with STARTTLS, and refuses a server that does not offer it. */
    public void setStartTls(boolean startTls) {
        getJavaMailProperties().setProperty("mail.smtp.starttls.enable", Boolean.toString(startTls));
        getJavaMailProperties().setProperty("mail.smtp.starttls.required", Boolean.toString(startTls));
    }

    public void setMaxIdleConnections(int maxIdleConnections) {
        this.maxIdleConnections = maxIdleConnections;
    }

    public void setMaxIdleMillis(long maxIdleMillis) {
        this.maxIdleMillis = maxIdleMillis;
    }

    @Override
    public void send(MimeMessage message) throws MessagingException {
        Transport transport = connection();
        try {
            if (message.getSentDate() == null) {
                message.setSentDate(new Date());
            }
            // saveChanges() makes up a new Message-ID; one the caller chose says which email this is, so that
            // a resend after a crash can be told from a second email
            String[] chosenId = message.getHeader(MESSAGE_ID);
            message.saveChanges();
            if (chosenId != null) {
                message.setHeader(MESSAGE_ID, chosenId[0]);
            }
            transport.sendMessage(message, message.getAllRecipients());
        } catch (MessagingException | RuntimeException e) {
            close(transport);
            throw e;
        }
        if (closed || idle.size() >= maxIdleConnections) {
            close(transport);
        } else {
            idle.offerFirst(new Connection(transport, System.nanoTime()));
        }
    }

    /** The most recently used open connection that is fresh enough, or a new one. */
    private Transport connection() throws MessagingException {
        long freshSince = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(maxIdleMillis);
        for (Connection oldest; (oldest = idle.peekLast()) != null && oldest.idleSince() - freshSince <= 0; ) {
            if (idle.removeLastOccurrence(oldest)) {
                close(oldest.transport());
            }
        }
        for (Connection pooled; (pooled = idle.pollFirst()) != null; ) {
            if (pooled.idleSince() - freshSince > 0) {
                return pooled.transport();
            }
            close(pooled.transport());
        }
        Transport transport = getTransport(getSession());
        transport.connect(getHost(), getPort(), getUsername(), getPassword());
        return transport;
    }

    /** Closes the idle connections; one still sending closes when its email is sent. Sending after this connects anew. */
    public void close() {
        closed = true;
        for (Connection pooled; (pooled = idle.pollFirst()) != null; ) {
            close(pooled.transport());
        }
    }

    private static void close(Transport transport) {
        try {
            transport.close();
        } catch (MessagingException alreadyGone) {
            // nothing to give back
        }
    }
}
