package io.streamserver.intake.control;

/** The first request under this Idempotency-Key is still being processed, and did not finish in the time waited. */
public class RequestInFlightException extends RuntimeException {
    public RequestInFlightException(String message) {
        super(message);
    }
}
