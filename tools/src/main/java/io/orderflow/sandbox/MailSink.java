package io.orderflow.sandbox;

import java.util.concurrent.TimeUnit;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;

/** A local SMTP server that accepts every email and prints it, so a user can see what customers get. */
public final class MailSink {

    private MailSink() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(System.getenv().getOrDefault("SMTP_PORT", "2525"));
        GreenMail smtp = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        Runtime.getRuntime().addShutdownHook(new Thread(smtp::stop));
        System.out.println("Mail sink: SMTP on 127.0.0.1:" + port + "; every email received is printed here");
        int printed = 0;
        while (true) {
            MimeMessage[] received = smtp.getReceivedMessages();
            for (; printed < received.length; printed++) {
                MimeMessage email = received[printed];
                System.out.println("EMAIL to " + String.join(",", java.util.Arrays.stream(email.getAllRecipients())
                        .map(Object::toString).toList()) + " | " + email.getSubject() + " | "
                        + email.getContent().toString().trim());
            }
            TimeUnit.SECONDS.sleep(1);
        }
    }
}
