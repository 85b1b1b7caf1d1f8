package io.streamserver.playback.control;

import java.util.List;
import java.util.Locale;

/**
 * Renders a static MPEG-DASH manifest (ISO/IEC 23009-1) over a finished job's fragmented MP4 files, the same init and
 * media segments that its HLS playlists list, so that one encode serves both. Each rendition is a Representation with
 * a SegmentList of its files and a SegmentTimeline of their recorded durations.
 */
public final class DashManifest {

    /** Segment times count microseconds: the encoder records durations to six decimals. */
    static final long TIMESCALE = 1_000_000;

    /** A segment file and the media time it covers. */
    public record SegmentFile(String uri, double seconds) {
    }

    /**
     * @param bandwidth the peak segment bit rate, bit/s, as the master playlist's BANDWIDTH: with it and minBufferTime
     *                  of the longest segment, a client never stalls (the DASH definition of the attribute)
     * @param codecs    the RFC 6381 string, as the master playlist's CODECS
     */
    public record Representation(String id, long bandwidth, String codecs, String initSegment, List<SegmentFile> segments) {
    }

    private DashManifest() {
    }

    /**
     * @param query a query that every file's URL carries on (the checked playback token), or null
     */
    public static String render(List<Representation> representations, String query) {
        double duration = representations.stream()
                .mapToDouble(r -> r.segments().stream().mapToDouble(SegmentFile::seconds).sum()).max().orElse(0);
        double longest = representations.stream().flatMap(r -> r.segments().stream())
                .mapToDouble(SegmentFile::seconds).max().orElse(1);
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        // SegmentList is allowed by the main profile, not by the live one (which wants SegmentTemplate)
        xml.append("<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" profiles=\"urn:mpeg:dash:profile:isoff-main:2011\"")
                .append(" type=\"static\" mediaPresentationDuration=\"").append(isoSeconds(duration))
                .append("\" minBufferTime=\"").append(isoSeconds(Math.ceil(longest))).append("\">\n");
        xml.append("  <Period id=\"0\" start=\"PT0S\">\n");
        xml.append("    <AdaptationSet id=\"0\" contentType=\"audio\" mimeType=\"audio/mp4\" segmentAlignment=\"true\">\n");
        for (Representation representation : representations) {
            xml.append("      <Representation id=\"").append(escape(representation.id()))
                    .append("\" bandwidth=\"").append(Math.max(1, representation.bandwidth()))
                    .append("\" codecs=\"").append(escape(representation.codecs())).append("\">\n");
            xml.append("        <SegmentList timescale=\"").append(TIMESCALE).append("\">\n");
            // the schema's order: Initialization, SegmentTimeline, then the SegmentURLs
            xml.append("          <Initialization sourceURL=\"").append(url(representation.initSegment(), query)).append("\"/>\n");
            xml.append("          <SegmentTimeline>\n");
            appendTimeline(xml, representation.segments());
            xml.append("          </SegmentTimeline>\n");
            for (SegmentFile segment : representation.segments()) {
                xml.append("          <SegmentURL media=\"").append(url(segment.uri(), query)).append("\"/>\n");
            }
            xml.append("        </SegmentList>\n");
            xml.append("      </Representation>\n");
        }
        xml.append("    </AdaptationSet>\n");
        xml.append("  </Period>\n");
        xml.append("</MPD>\n");
        return xml.toString();
    }

    /**
     * One S per run of equal durations. Each start is the rounded sum of the durations before it, so that rounding
     * to the timescale never accumulates along the track.
     */
    private static void appendTimeline(StringBuilder xml, List<SegmentFile> segments) {
        long[] starts = new long[segments.size() + 1];
        double seconds = 0;
        for (int i = 0; i < segments.size(); i++) {
            seconds += segments.get(i).seconds();
            starts[i + 1] = Math.round(seconds * TIMESCALE);
        }
        int i = 0;
        while (i < segments.size()) {
            long duration = starts[i + 1] - starts[i];
            int repeats = 0;
            while (i + repeats + 1 < segments.size() && starts[i + repeats + 2] - starts[i + repeats + 1] == duration) {
                repeats++;
            }
            xml.append("            <S t=\"").append(starts[i]).append("\" d=\"").append(duration).append('"');
            if (repeats > 0) {
                xml.append(" r=\"").append(repeats).append('"');
            }
            xml.append("/>\n");
            i += repeats + 1;
        }
    }

    /** xs:duration in seconds, to the millisecond. */
    static String isoSeconds(double seconds) {
        return String.format(Locale.ROOT, "PT%.3fS", seconds);
    }

    /** A relative file URL with the query, as the playlists give them. */
    private static String url(String file, String query) {
        return escape(query == null ? file : file + "?" + query);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }
}
