package io.orderflow.http;

import io.orderflow.event.SubjectTokens;

/** Identifiers from a request (order ids, SKUs, customer ids) end up in subjects and keys: refused at the edge unless safe there. */
public final class Identifiers {

    private Identifiers() {
    }

    public static String require(String value, String what) {
        if (!SubjectTokens.isSafe(value)) {
            throw RejectedRequestException.badRequest(what + " '" + value
                    + "' is invalid: use 1 to 64 letters, digits, '-' or '_'");
        }
        return value;
    }
}
