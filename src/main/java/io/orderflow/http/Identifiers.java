package io.orderflow.http;

import java.util.regex.Pattern;

/**
 * Identifiers that end up in NATS subjects and KV keys: anything outside this alphabet could be a
 * wildcard or a separator there, so it is refused at the edge.
 */
public final class Identifiers {

    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private Identifiers() {
    }

    public static String require(String value, String what) {
        if (value == null || !SAFE.matcher(value).matches()) {
            throw RejectedRequestException.badRequest(what + " '" + value
                    + "' is invalid: use 1 to 64 letters, digits, '-' or '_'");
        }
        return value;
    }

    public static boolean isSafe(String value) {
        return value != null && SAFE.matcher(value).matches();
    }
}
