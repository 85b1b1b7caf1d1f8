package io.streamserver.media.control;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the playlist that ffmpeg's HLS muxer keeps while it encodes. ffmpeg lists a segment only once the
 * segment is complete, and replaces the playlist by a rename, so what is listed here is whole.
 */
public final class EncoderPlaylist {

    private static final Pattern SEQUENCE = Pattern.compile("_(\\d+)\\.[a-z0-9]+$");

    private EncoderPlaylist() {
    }

    public static List<EncodedSegment> read(Path playlist) throws IOException {
        try {
            return parse(Files.readString(playlist, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return List.of();
        }
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
