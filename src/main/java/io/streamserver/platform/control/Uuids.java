package io.streamserver.platform.control;

import java.util.UUID;

/** Reads identifiers that arrive as request text: only a full UUID passes, in its canonical lower-case form. */
public final class Uuids {

    private Uuids() {
    }

    /** The UUID in its canonical lower-case form, or an IllegalArgumentException. */
    public static String canonical(String value) {
        if (value == null || value.length() != 36) {
            throw new IllegalArgumentException("not a UUID");
        }
        String canonical = UUID.fromString(value).toString();
        if (!canonical.equalsIgnoreCase(value)) {
            throw new IllegalArgumentException("not a UUID");
        }
        return canonical;
    }

    public static boolean isUuid(String value) {
        try {
            canonical(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
