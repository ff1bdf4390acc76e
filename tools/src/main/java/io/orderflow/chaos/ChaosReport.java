package io.orderflow.chaos;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.orderflow.order.PlaceOrder;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

/**
 * The chaos run's ledger as a table, and whether the promise held: read from JetStream, the gateway and the
 * mail server, never from Orderflow's own answers.
 */
final class ChaosReport {

    /** What the clients saw. */
    record Clients(int submitted, Map<String, String> accepted, List<String> keys, int answered4xx, int gaveUp,
                   int malformedRefused, int malformed) {
    }

    /** What the late replay changed: the subjects it added a copy to, and charges and emails before and after. */
    record Replay(Set<String> copied, long chargesBefore, long chargesAfter, int emailsBefore, int emailsAfter) {
    }

    private final StringBuilder table = new StringBuilder("| ledger (from JetStream, the gateway and the mail server) | value |\n|---|---|\n");
    private boolean clean = true;

    boolean write(Clients clients, Ledger ledger, Replay replay, long chargedTwice, MimeMessage[] emails, long initial,
                  long available) throws MessagingException {
        int confirmed = 0;
        int cancelled = 0;
        int pending = 0;
        int knownWithout202 = 0;
        int doubleTerminal = 0;
        int withoutEmail = 0;
        Map<String, Integer> emailsByMessageId = new HashMap<>();
        for (MimeMessage email : emails) {
            emailsByMessageId.merge(email.getMessageID(), 1, Integer::sum);
        }
        for (String key : clients.keys()) {
            String order = PlaceOrder.orderIdFor(null, key);
            if (!ledger.created.containsKey(order)) {
                continue;
            }
            if (!clients.accepted().containsKey(key)) {
                knownWithout202++;
            }
            boolean isConfirmed = ledger.confirmed.containsKey(order);
            boolean isCancelled = ledger.cancelled.containsKey(order);
            if (isConfirmed) {
                confirmed++;
            } else if (isCancelled) {
                cancelled++;
            } else {
                pending++;
            }
            if (isConfirmed && isCancelled) {
                doubleTerminal++;
            }
            if ((isConfirmed || isCancelled) && !emailsByMessageId.containsKey("<email." + order + "@orderflow>")) {
                withoutEmail++;
            }
        }
        int lost = 0;
        for (String order : clients.accepted().values()) {
            if (!ledger.created.containsKey(order)) {
                lost++;
            }
        }
        long resent = emailsByMessageId.values().stream().filter(count -> count > 1).count();
        long storedTwice = ledger.bySubject.entrySet().stream()
                .filter(subject -> subject.getValue() > (replay.copied().contains(subject.getKey()) ? 2 : 1)).count();
        long sold = ledger.soldBySku.values().stream().mapToLong(Integer::longValue).sum();
        boolean conserved = initial == available + sold;

        row("orders submitted", clients.submitted());
        row("orders accepted (202)", clients.accepted().size());
        mustBeZero("valid orders answered with a 4xx (final for the client)", clients.answered4xx());
        mustBeZero("valid orders given up after 2 minutes of 5xx or no answer", clients.gaveUp());
        row("confirmed", confirmed);
        row("cancelled", cancelled);
        ledger.cancelReasons.forEach((reason, count) -> row("  cancelled: " + reason, count));
        row("orders the API knows whose client got no 202", knownWithout202);
        mustBeZero("still pending (any order the API knows)", pending);
        mustBeZero("lost (accepted, no OrderCreated)", lost);
        mustBeZero("two terminal events", doubleTerminal);
        mustBeZero("charged twice", chargedTwice);
        mustBeZero("ended without an email", withoutEmail);
        row("emails resent with the same Message-ID (a crash between SMTP and its record)", resent);
        row("events handed again after the duplicate window", replay.copied().size());
        mustBeZero("  stored twice (an event subject with a second copy)", storedTwice);
        mustBeZero("  new charges", replay.chargesAfter() - replay.chargesBefore());
        mustBeZero("  new emails", replay.emailsAfter() - replay.emailsBefore());
        row("malformed requests refused with 4xx", clients.malformedRefused() + " of " + clients.malformed());
        clean &= clients.malformedRefused() == clients.malformed();
        row("dead-lettered", ledger.deadLettersByFlow.values().stream().mapToInt(Integer::intValue).sum());
        ledger.deadLettersByFlow.forEach((flow, count) -> row("  dead-lettered by " + flow, count));
        row("stock: initial = available + sold", initial + " = " + available + " + " + sold + (conserved ? "  ok" : "  BROKEN"));
        clean &= conserved;
        System.out.println();
        System.out.print(table);
        System.out.println();
        System.out.println(clean ? "PASS: nothing lost, refused, doubled or unsent" : "FAIL: see the table");
        return clean;
    }

    private void mustBeZero(String name, long value) {
        row(name, value);
        clean &= value == 0;
    }

    private void row(String name, Object value) {
        table.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
