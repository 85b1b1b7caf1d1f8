package io.streamserver.security.control;

import java.util.Objects;

/**
 * Who sends a request, as far as job ownership goes: the token's subject, and whether it may see every job.
 * With authentication off everybody is {@link #ANYONE}, who sees every job and owns none.
 */
public record Caller(String subject, boolean seesAll) {

    public static final Caller ANYONE = new Caller(null, true);

    /** Whether this caller may see or act on a job owned by the given subject (null: created with auth off). */
    public boolean mayAccess(String owner) {
        return seesAll || Objects.equals(subject, owner);
    }

    public boolean authenticated() {
        return subject != null;
    }
}
