package io.orderflow.jetstream;

/** A publish that JetStream did not acknowledge: the caller must retry, nothing was stored for sure. */
public class JetStreamPublishException extends java.io.IOException {

    public JetStreamPublishException(String subject, Throwable cause) {
        super("JetStream did not acknowledge the publish to '" + subject + "': " + cause.getMessage(), cause);
    }
}
