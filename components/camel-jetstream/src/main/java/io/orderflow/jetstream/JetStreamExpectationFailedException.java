package io.orderflow.jetstream;

/**
 * JetStream refused a conditional publish: the subject's last sequence was not the one the publish expected
 * ({@link JetStreamConstants#EXPECTED_LAST_SUBJECT_SEQUENCE}). Nothing was stored, and publishing again
 * would be refused again: with an expected sequence of 0, the subject already holds a message.
 */
public class JetStreamExpectationFailedException extends Exception {

    public JetStreamExpectationFailedException(String subject, long expected, Throwable cause) {
        super("JetStream refused the publish to '" + subject + "': its last sequence is not " + expected
                + " (" + cause.getMessage() + ")", cause);
    }
}
