package io.streamserver.media.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EncoderPlaylistTest {

    /** What ffmpeg 5.1 wrote for a FLAC encode to fMP4 with -hls_time 1 -start_number 1. */
    private static final String FRAGMENTED_MP4 = """
            #EXTM3U
            #EXT-X-VERSION:7
            #EXT-X-TARGETDURATION:1
            #EXT-X-MEDIA-SEQUENCE:1
            #EXT-X-MAP:URI="init.mp4"
            #EXTINF:1.024000,
            segment_00001.m4s
            #EXTINF:1.024000,
            segment_00002.m4s
            #EXTINF:0.537333,
            segment_00003.m4s
            #EXT-X-ENDLIST
            """;

    /** What ffmpeg 5.1 wrote for an AAC encode to MPEG-TS while the encode was still running. */
    private static final String MPEG_TS_IN_PROGRESS = """
            #EXTM3U
            #EXT-X-VERSION:3
            #EXT-X-TARGETDURATION:1
            #EXT-X-MEDIA-SEQUENCE:1
            #EXTINF:1.002667,
            segment_00001.ts
            #EXTINF:1.002667,
            segment_00002.ts
            """;

    @Test
    void everyListedSegmentIsReadWithItsSequenceFileAndDuration() {
        assertEquals(List.of(
                        new EncodedSegment(1, "segment_00001.m4s", 1.024),
                        new EncodedSegment(2, "segment_00002.m4s", 1.024),
                        new EncodedSegment(3, "segment_00003.m4s", 0.537333)),
                EncoderPlaylist.parse(FRAGMENTED_MP4));
    }

    @Test
    void aPlaylistWithoutEndlistGivesTheSegmentsListedSoFar() {
        assertEquals(List.of(
                        new EncodedSegment(1, "segment_00001.ts", 1.002667),
                        new EncodedSegment(2, "segment_00002.ts", 1.002667)),
                EncoderPlaylist.parse(MPEG_TS_IN_PROGRESS));
    }

    @Test
    void windowsLineEndingsAreAccepted() {
        assertEquals(EncoderPlaylist.parse(MPEG_TS_IN_PROGRESS),
                EncoderPlaylist.parse(MPEG_TS_IN_PROGRESS.replace("\n", "\r\n")));
    }

    @Test
    void aPlaylistBeforeTheFirstSegmentHasNoSegments() {
        assertTrue(EncoderPlaylist.parse("#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n").isEmpty());
        assertTrue(EncoderPlaylist.parse("").isEmpty());
    }

    @Test
    void anExtinfTitleOrAMissingCommaDoesNotChangeTheDuration() {
        List<EncodedSegment> segments = EncoderPlaylist.parse("""
                #EXTINF:6.000000,first part
                segment_00001.ts
                #EXTINF:4.5
                segment_00002.ts
                """);

        assertEquals(List.of(new EncodedSegment(1, "segment_00001.ts", 6.0), new EncodedSegment(2, "segment_00002.ts", 4.5)),
                segments);
    }

    @Test
    void aUriWithoutExtinfIsNotASegment() {
        assertEquals(List.of(new EncodedSegment(2, "segment_00002.ts", 6.0)),
                EncoderPlaylist.parse("segment_00001.ts\n#EXTINF:6.0,\nsegment_00002.ts\n"));
    }

    @Test
    void sequencesBeyondFiveDigitsAreRead() {
        assertEquals(List.of(new EncodedSegment(123456, "segment_123456.ts", 6.0)),
                EncoderPlaylist.parse("#EXTINF:6.0,\nsegment_123456.ts\n"));
    }

    @Test
    void aSegmentNameWithoutSequenceIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> EncoderPlaylist.parse("#EXTINF:6.0,\nsegment.ts\n"));
    }

    @Test
    void aPlaylistThatFfmpegHasNotWrittenYetListsNoSegments(@TempDir Path folder) throws IOException {
        assertTrue(new EncoderPlaylist(folder.resolve(HlsEncoding.ENCODER_PLAYLIST)).newlyListed().isEmpty());
    }

    @Test
    void eachSegmentIsListedOnceAsFfmpegReplacesThePlaylist(@TempDir Path folder) throws IOException {
        Path path = folder.resolve(HlsEncoding.ENCODER_PLAYLIST);
        EncoderPlaylist playlist = new EncoderPlaylist(path);
        replace(path, MPEG_TS_IN_PROGRESS);

        assertEquals(EncoderPlaylist.parse(MPEG_TS_IN_PROGRESS), playlist.newlyListed());
        assertEquals(List.of(), playlist.newlyListed(), "an unchanged playlist lists nothing new");

        // ffmpeg rewrites the whole file, its header changed (a longer segment raised the target duration)
        replace(path, MPEG_TS_IN_PROGRESS.replace("TARGETDURATION:1", "TARGETDURATION:10")
                + "#EXTINF:9.5,\nsegment_00003.ts\n#EXTINF:1.0,\nsegment_00004.ts\n");
        assertEquals(List.of(new EncodedSegment(3, "segment_00003.ts", 9.5), new EncodedSegment(4, "segment_00004.ts", 1.0)),
                playlist.newlyListed());
        assertEquals(List.of(), playlist.newlyListed());
    }

    /** As ffmpeg does: a new file, renamed over the old one. */
    private static void replace(Path playlist, String text) throws IOException {
        Path temporary = Files.writeString(playlist.resolveSibling(playlist.getFileName() + ".tmp"), text);
        Files.move(temporary, playlist, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
