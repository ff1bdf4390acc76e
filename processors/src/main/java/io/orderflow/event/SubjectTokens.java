package io.orderflow.event;

import java.util.regex.Pattern;

/**
 * Identifiers that end up in NATS subjects and KV keys: anything outside this alphabet could be a
 * wildcard or a separator there.
 */
public final class SubjectTokens {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private SubjectTokens() {
    }

    public static boolean isSafe(String value) {
        return value != null && SAFE.matcher(value).matches();
    }

    /** The last token of a subject: of an event's subject, the order id. */
    public static String last(String subject) {
        return subject == null ? null : subject.substring(subject.lastIndexOf('.') + 1);
    }
}
