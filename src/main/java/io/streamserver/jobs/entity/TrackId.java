package io.streamserver.jobs.entity;

import io.streamserver.media.entity.InvalidParameterException;

import java.util.regex.Pattern;

/**
 * The name a job's output is known by: 1 to 128 letters, digits, '.', '_' and '-', starting with a letter or digit,
 * so that it is safe in file names and URLs. Either given with the upload, or derived from the uploaded file's name.
 */
public record TrackId(String value) {

    static final int MAX_LENGTH = 128;
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0," + (MAX_LENGTH - 1) + "}");

    /** Refuses anything but the pattern, naming the form's track_id field. */
    public TrackId {
        if (value == null || !PATTERN.matcher(value).matches()) {
            throw new InvalidParameterException("track_id",
                    "must be 1 to 128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
    }

    /** A usable track id from an uploaded file name: its base name with everything else replaced by '_'. */
    public static TrackId fromFileName(String fileName) {
        String name = fileName == null ? "" : fileName.replaceAll("(?s).*[/\\\\]", "");
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            name = name.substring(0, dot);
        }
        name = name.replaceAll("[^A-Za-z0-9._-]", "_").replaceAll("^[._-]+", "");
        if (name.length() > MAX_LENGTH) {
            name = name.substring(0, MAX_LENGTH);
        }
        return new TrackId(name.isEmpty() ? "track" : name);
    }
}
