package io.orderflow.event;

/**
 * An event that does not follow the envelope contract: retrying cannot fix it, so it is dead-lettered.
 * It never carries the parser's exception as its cause: Camel matches onException by causes too, and an
 * IOException cause would make it look like a technical failure worth retrying.
 */
public class InvalidEventException extends IllegalArgumentException {

    public InvalidEventException(String message) {
        super(message);
    }
}
