package io.streamserver.jobs.control;

import io.streamserver.jobs.entity.TranscodeJob;
import io.streamserver.media.entity.InvalidParameterException;
import io.streamserver.platform.control.Uuids;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a page of the job list ended: the last job's creation time and id, a keyset that stays correct while
 * jobs are added. Clients see it as an opaque base64url token; anything that does not decode exactly is refused.
 */
public record JobCursor(Instant createdAt, String id) {

    static final String PARAMETER = "cursor";
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,18}):([0-9a-f-]{36})");

    public static JobCursor after(TranscodeJob job) {
        return new JobCursor(job.createdAt(), job.id());
    }

    public String encode() {
        String text = createdAt.toEpochMilli() + ":" + id;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The cursor a previous page handed out; a token this server did not produce gets 400. */
    public static JobCursor decode(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.US_ASCII);
            Matcher matcher = FORMAT.matcher(text);
            if (matcher.matches() && Uuids.isUuid(matcher.group(2))) {
                JobCursor cursor = new JobCursor(Instant.ofEpochMilli(Long.parseLong(matcher.group(1))), matcher.group(2));
                if (cursor.encode().equals(token)) {
                    return cursor;
                }
            }
        } catch (IllegalArgumentException e) {
            // not base64url: refused below like any other foreign token
        }
        throw new InvalidParameterException(PARAMETER, "is not a cursor from a previous page; start without one");
    }
}
