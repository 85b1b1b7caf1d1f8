package io.streamserver.jobs.entity;

import io.streamserver.media.entity.InvalidParameterException;

import java.util.Arrays;

/** A transcoding job's lifecycle, spelled as the API reports it. */
public enum JobStatus {
    Pending, Processing, Completed, Failed, Cancelled;

    /** A status as the API spells it, in any letter case; anything else is refused, naming the parameter. */
    public static JobStatus parse(String parameter, String value) {
        return Arrays.stream(values())
                .filter(status -> value != null && status.name().equalsIgnoreCase(value.strip()))
                .findFirst()
                .orElseThrow(() -> new InvalidParameterException(parameter,
                        "must be one of Pending, Processing, Completed, Failed, Cancelled"));
    }

    public boolean isFinal() {
        return this == Completed || this == Failed || this == Cancelled;
    }
}
