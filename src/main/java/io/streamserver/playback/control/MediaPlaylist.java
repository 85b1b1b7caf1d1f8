package io.streamserver.playback.control;

import java.util.List;
import java.util.Locale;

/** Renders an HLS media playlist from committed segments. */
public final class MediaPlaylist {

    public record Entry(String uri, double durationSeconds) {
    }

    private MediaPlaylist() {
    }

    /**
     * @param initSegment the fMP4 init segment's URI, or null for MPEG-TS
     * @param ended       whether no segment will follow (adds EXT-X-ENDLIST)
     */
    public static String render(List<Entry> entries, String initSegment, boolean ended) {
        return render(entries, initSegment, ended, 1);
    }

    /**
     * @param minTargetDuration the least target duration to announce: a playlist that grows must not change it
     *                          (RFC 8216, 6.2.1), so it announces the configured segment length from the start
     */
    public static String render(List<Entry> entries, String initSegment, boolean ended, long minTargetDuration) {
        StringBuilder text = new StringBuilder("#EXTM3U\n");
        // EXT-X-MAP in a playlist without I-frames needs version 6; fMP4 players expect 7
        text.append("#EXT-X-VERSION:").append(initSegment == null ? 3 : 7).append('\n');
        text.append("#EXT-X-TARGETDURATION:").append(Math.max(minTargetDuration, targetDuration(entries))).append('\n');
        text.append("#EXT-X-MEDIA-SEQUENCE:0\n");
        text.append("#EXT-X-PLAYLIST-TYPE:").append(ended ? "VOD" : "EVENT").append('\n');
        text.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        if (initSegment != null) {
            text.append("#EXT-X-MAP:URI=\"").append(initSegment).append("\"\n");
        }
        for (Entry entry : entries) {
            text.append(String.format(Locale.ROOT, "#EXTINF:%.6f,", entry.durationSeconds())).append('\n');
            text.append(entry.uri()).append('\n');
        }
        if (ended) {
            text.append("#EXT-X-ENDLIST\n");
        }
        return text.toString();
    }

    /** The HLS rule: every EXTINF, rounded to the nearest integer, is at most the target duration. */
    static long targetDuration(List<Entry> entries) {
        return Math.max(1, entries.stream().mapToLong(e -> Math.round(e.durationSeconds())).max().orElse(1));
    }
}
