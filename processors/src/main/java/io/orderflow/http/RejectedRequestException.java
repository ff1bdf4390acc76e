package io.orderflow.http;

/** A request the API refuses with a 4xx; the message says what is wrong and is shown to the client. */
public class RejectedRequestException extends RuntimeException {

    private final int status;

    public RejectedRequestException(int status, String message) {
        super(message);
        this.status = status;
    }

    public static RejectedRequestException badRequest(String message) {
        return new RejectedRequestException(400, message);
    }

    public static RejectedRequestException notFound(String message) {
        return new RejectedRequestException(404, message);
    }

    public int status() {
        return status;
    }
}
