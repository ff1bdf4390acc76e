package io.orderflow.event;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;


/**
 * The event envelope every flow publishes and consumes. An event caused by another one gets an id derived
 * from its cause and its type, so reprocessing the cause re-publishes the same id and JetStream's
 * duplicate window keeps one copy.
 */
public record Event(
        String id,
        String type,
        @JsonProperty("aggregate_id") String aggregateId,
        ObjectNode data,
        String timestamp,
        @JsonProperty("trace_id") String traceId) {

    /**
     * A first event of an aggregate, such as OrderCreated: its id derives from the aggregate. Its trace id, which
     * every event it causes carries on, is its own id.
     */
    public static Event first(EventType type, String aggregateId, Object data) {
        return first(type, aggregateId, data, null);
    }

    /** A first event that carries the id of the trace it belongs to; without one, its own id. */
    public static Event first(EventType type, String aggregateId, Object data, String traceId) {
        String id = deriveId(aggregateId, type);
        return new Event(id, type.typeName(), aggregateId, Json.MAPPER.valueToTree(data), now(), traceId != null ? traceId : id);
    }

    /** An event caused by this one, with the same aggregate and trace. */
    public Event causes(EventType type, Object data) {
        return new Event(deriveId(id, type), type.typeName(), aggregateId, Json.MAPPER.valueToTree(data), now(), traceId);
    }

    /**
     * The event delivered on {@code subject}, which must be the one its type and order are published on: a
     * PaymentAuthorized sent on {@code inventory.rejected.<order>} is refused, not taken for what the subject says.
     */
    public static Event parse(byte[] json, String subject) {
        Event event = parse(json);
        if (subject != null && !subject.equals(event.subject())) {
            throw new InvalidEventException(event.type + " " + event.id + " of order " + event.aggregateId + " arrived on "
                    + subject + "; it belongs on " + event.subject());
        }
        return event;
    }

    public static Event parse(byte[] json) {
        Event event;
        try {
            event = Json.MAPPER.readValue(json, Event.class);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("Event is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidEventException("Event cannot be read: " + e.getMessage());
        }
        if (event == null) {
            throw new InvalidEventException("Event is empty");
        }
        return event.validated();
    }

    private Event validated() {
        require(id, "id");
        require(aggregateId, "aggregate_id");
        require(timestamp, "timestamp");
        if (!SubjectTokens.isSafe(aggregateId)) {
            throw new InvalidEventException("Event " + id + " has aggregate_id '" + aggregateId
                    + "', which cannot be a subject token");
        }
        if (type == null || EventType.fromTypeName(type).isEmpty()) {
            throw new InvalidEventException("Event " + id + " has unknown type '" + type + "'");
        }
        if (data == null) {
            throw new InvalidEventException("Event " + id + " has no 'data' object");
        }
        return this;
    }

    private void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidEventException("Event has no '" + field + "'");
        }
    }

    public byte[] toJson() {
        try {
            return Json.MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot serialise event " + id, e);
        }
    }

    @JsonIgnore
    public EventType eventType() {
        return EventType.fromTypeName(type).orElseThrow();
    }

    @JsonIgnore
    public String subject() {
        return eventType().subject(aggregateId);
    }

    /** The data as a record, or an {@link InvalidEventException} naming what does not fit. */
    public <T> T dataAs(Class<T> dataType) {
        try {
            return Json.MAPPER.treeToValue(data, dataType);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(type + " " + id + " has invalid data: " + e.getOriginalMessage());
        }
    }

    public String text(String field) {
        JsonNode value = data.get(field);
        if (value == null || !value.isValueNode()) {
            throw new InvalidEventException(type + " " + id + " lacks data." + field);
        }
        return value.asText();
    }

    /**
     * By id alone (equal events have equal ids): Camel hashes the objects that expressions call methods on, per call,
     * and the record's own hash would walk the whole data tree each time.
     */
    @Override
    public int hashCode() {
        return id == null ? 0 : id.hashCode();
    }

    static String deriveId(String cause, EventType type) {
        return UUID.nameUUIDFromBytes((cause + "/" + type.typeName()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
