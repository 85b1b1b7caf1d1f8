package io.streamserver.intake.control;

import io.streamserver.media.entity.InvalidParameterException;

import java.util.Optional;

/**
 * An Idempotency-Key header's value (IETF draft httpapi-idempotency-key-header): 1 to 255 printable ASCII
 * characters, taken as sent. A structured-field string arrives quoted; the quotes are kept, so that a client sends
 * the same key the same way each time and gets the same answer.
 */
public record IdempotencyKey(String value) {

    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_LENGTH = 255;

    public IdempotencyKey {
        if (value == null || value.isEmpty() || value.length() > MAX_LENGTH) {
            throw new InvalidParameterException(HEADER, "must be 1 to " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new InvalidParameterException(HEADER, "must be printable ASCII characters only");
            }
        }
    }

    /** The header's key, or empty when it was not sent; a blank or otherwise invalid one is refused (400). */
    public static Optional<IdempotencyKey> parse(String header) {
        return header == null ? Optional.empty() : Optional.of(new IdempotencyKey(header.strip()));
    }
}
