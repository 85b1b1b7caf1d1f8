package io.streamserver.media.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the playlist that ffmpeg's HLS muxer keeps while it encodes. ffmpeg lists a segment only once the
 * segment is complete, and replaces the playlist by a rename, so what is listed here is whole.
 */
public final class EncoderPlaylist {

    private static final Pattern SEQUENCE = Pattern.compile("_(\\d+)\\.[a-z0-9]+$");

    private final Path file;
    private Object readFileKey;
    private long readSize = -1;
    private EncodedSegment lastListed;

    /** Follows the playlist that ffmpeg keeps at that path. */
    public EncoderPlaylist(Path file) {
        this.file = file;
    }

    /**
     * The segments that ffmpeg has listed since the last call. The file is read only when ffmpeg has replaced it, and
     * parsed only after the last segment already seen, so that each segment costs the same however many came before.
     */
    public List<EncodedSegment> newlyListed() throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        if (attributes.size() == readSize && Objects.equals(attributes.fileKey(), readFileKey)) {
            return List.of();
        }
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        readSize = attributes.size();
        readFileKey = attributes.fileKey();
        List<EncodedSegment> listed = parse(text.substring(startAfterLastListed(text)));
        if (lastListed != null) {
            int last = lastListed.sequence();
            listed = listed.stream().filter(segment -> segment.sequence() > last).toList();
        }
        if (!listed.isEmpty()) {
            lastListed = listed.get(listed.size() - 1);
        }
        return listed;
    }

    /** Where the lines after the last segment already seen begin; the whole text when it is not there. */
    private int startAfterLastListed(String text) {
        if (lastListed == null) {
            return 0;
        }
        int at = text.indexOf("\n" + lastListed.fileName());
        if (at < 0) {
            return 0;
        }
        int end = text.indexOf('\n', at + 1);
        return end < 0 ? text.length() : end + 1;
    }

    static List<EncodedSegment> parse(String text) {
        List<EncodedSegment> segments = new ArrayList<>();
        Double duration = null;
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#EXTINF:")) {
                String value = line.substring("#EXTINF:".length());
                int comma = value.indexOf(',');
                duration = Double.parseDouble(comma < 0 ? value : value.substring(0, comma));
            } else if (!line.isEmpty() && !line.startsWith("#") && duration != null) {
                Matcher matcher = SEQUENCE.matcher(line);
                if (!matcher.find()) {
                    throw new IllegalArgumentException("unexpected segment name from ffmpeg: " + line);
                }
                segments.add(new EncodedSegment(Integer.parseInt(matcher.group(1)), line, duration));
                duration = null;
            }
        }
        return segments;
    }
}
