package io.streamserver.jobs.entity;

import io.streamserver.media.entity.InvalidParameterException;

import java.util.Locale;

/** Which queued jobs get a worker first; declared in scheduling order. */
public enum Priority {
    URGENT, NORMAL, BACKGROUND;

    public static Priority parse(String value) {
        if (value == null || value.isBlank()) {
            return NORMAL;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidParameterException("priority", "must be one of urgent, normal, background");
        }
    }

    public String apiName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
