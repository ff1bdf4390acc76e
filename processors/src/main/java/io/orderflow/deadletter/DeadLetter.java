package io.orderflow.deadletter;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One message in the dead-letter stream, as inspection shows it. */
public record DeadLetter(
        long sequence,
        String subject,
        @JsonProperty("original_subject") String originalSubject,
        String flow,
        String reason,
        String attempts,
        String timestamp,
        String body) {
}
