package io.streamserver.intake.control;

/** The Idempotency-Key was used before by the same client for a different request (another file or other fields). */
public class IdempotencyKeyReusedException extends RuntimeException {
    public IdempotencyKeyReusedException(String message) {
        super(message);
    }
}
