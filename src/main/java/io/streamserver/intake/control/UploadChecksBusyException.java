package io.streamserver.intake.control;

import java.time.Duration;

/** Every slot for checking uploads is taken and as many uploads wait as may (503, with when to try again). */
public class UploadChecksBusyException extends RuntimeException {

    private final transient Duration retryAfter;

    UploadChecksBusyException(String message, Duration retryAfter) {
        super(message);
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
