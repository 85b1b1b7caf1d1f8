package io.streamserver.playback.control;

import java.util.List;

/** Renders an HLS master playlist: one variant stream per rendition of an adaptive ladder. */
public final class MasterPlaylist {

    /**
     * @param bandwidth        the peak segment bit rate, bit/s
     * @param averageBandwidth the whole rendition's bit rate, bit/s
     * @param codecs           the RFC 6381 string players match against what they can decode
     */
    public record Variant(String uri, long bandwidth, long averageBandwidth, String codecs, boolean fragmented) {
    }

    private MasterPlaylist() {
    }

    public static String render(List<Variant> variants) {
        StringBuilder text = new StringBuilder("#EXTM3U\n");
        text.append("#EXT-X-VERSION:").append(variants.stream().anyMatch(Variant::fragmented) ? 7 : 3).append('\n');
        text.append("#EXT-X-INDEPENDENT-SEGMENTS\n");
        for (Variant variant : variants) {
            text.append("#EXT-X-STREAM-INF:BANDWIDTH=").append(variant.bandwidth())
                    .append(",AVERAGE-BANDWIDTH=").append(variant.averageBandwidth())
                    .append(",CODECS=\"").append(variant.codecs()).append("\"\n")
                    .append(variant.uri()).append('\n');
        }
        return text.toString();
    }

    /** A produced segment file: its size and the media time it covers. */
    public record SegmentFile(long bytes, double seconds) {
    }

    /** BANDWIDTH: the highest bit rate of any one segment, as the HLS specification defines it; bit/s. */
    public static long peakBandwidth(List<SegmentFile> segments) {
        return segments.stream().filter(s -> s.seconds() > 0)
                .mapToLong(s -> (long) Math.ceil(s.bytes() * 8 / s.seconds())).max().orElse(0);
    }

    /** AVERAGE-BANDWIDTH: all segments' bits over their whole duration; bit/s. */
    public static long averageBandwidth(List<SegmentFile> segments) {
        double seconds = segments.stream().mapToDouble(SegmentFile::seconds).sum();
        long bytes = segments.stream().mapToLong(SegmentFile::bytes).sum();
        return seconds > 0 ? (long) Math.ceil(bytes * 8 / seconds) : 0;
    }
}
