package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MediaPlaylistTest {

    private static final List<MediaPlaylist.Entry> THREE_SEGMENTS = List.of(
            new MediaPlaylist.Entry("segment_00001.ts", 6.0),
            new MediaPlaylist.Entry("segment_00002.ts", 6.0),
            new MediaPlaylist.Entry("segment_00003.ts", 2.345));

    @Test
    void aFinishedMpegTsPlaylistIsAVersion3VodPlaylist() {
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:VOD
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXTINF:6.000000,
                segment_00001.ts
                #EXTINF:6.000000,
                segment_00002.ts
                #EXTINF:2.345000,
                segment_00003.ts
                #EXT-X-ENDLIST
                """, MediaPlaylist.render(THREE_SEGMENTS, null, true));
    }

    @Test
    void aFragmentedMp4PlaylistIsVersion7AndMapsTheInitSegmentBeforeTheFirstSegment() {
        List<String> lines = lines(MediaPlaylist.render(List.of(new MediaPlaylist.Entry("segment_00001.m4s", 6.0)),
                "init.mp4", true));

        assertTrue(lines.contains("#EXT-X-VERSION:7"), lines::toString);
        int map = lines.indexOf("#EXT-X-MAP:URI=\"init.mp4\"");
        assertTrue(map > 0, lines::toString);
        assertTrue(map < lines.indexOf("#EXTINF:6.000000,"), lines::toString);
    }

    @Test
    void anMpegTsPlaylistHasNoMap() {
        assertFalse(MediaPlaylist.render(THREE_SEGMENTS, null, true).contains("#EXT-X-MAP"));
    }

    @Test
    void anUnfinishedPlaylistIsAnEventWithoutEndlist() {
        String playlist = MediaPlaylist.render(THREE_SEGMENTS, null, false);

        assertTrue(playlist.contains("#EXT-X-PLAYLIST-TYPE:EVENT\n"), playlist);
        assertFalse(playlist.contains("#EXT-X-ENDLIST"), playlist);
        assertTrue(playlist.endsWith("segment_00003.ts\n"), playlist);
    }

    @Test
    void aFinishedPlaylistEndsWithEndlist() {
        List<String> lines = lines(MediaPlaylist.render(THREE_SEGMENTS, "init.mp4", true));

        assertEquals("#EXT-X-ENDLIST", lines.get(lines.size() - 1));
    }

    @Test
    void segmentsAreListedInTheGivenOrder() {
        List<String> lines = lines(MediaPlaylist.render(List.of(
                new MediaPlaylist.Entry("b.ts", 6), new MediaPlaylist.Entry("a.ts", 6)), null, true));

        assertTrue(lines.indexOf("b.ts") < lines.indexOf("a.ts"), lines::toString);
    }

    @Test
    void extinfUsesADecimalPointWhateverTheDefaultLocale() {
        Locale previous = Locale.getDefault();
        Locale.setDefault(Locale.GERMANY);
        try {
            assertTrue(MediaPlaylist.render(THREE_SEGMENTS, null, true).contains("#EXTINF:2.345000,\n"));
        } finally {
            Locale.setDefault(previous);
        }
    }

    @ParameterizedTest(name = "durations {0} need target duration {1}")
    @CsvSource(delimiter = '|', value = {
            "6.0 6.0 2.3   | 6",
            "6.5           | 7",
            "6.0 6.5 1.0   | 7",
            "6.49          | 6",
            "5.6 6.006     | 6",
            "10.0 4.0      | 10",
            "0.4           | 1"})
    void targetDurationIsTheLongestSegmentRoundedToTheNearestSecond(String durations, long expected) {
        List<MediaPlaylist.Entry> entries = entries(durations);

        assertEquals(expected, MediaPlaylist.targetDuration(entries));
        assertTrue(MediaPlaylist.render(entries, null, true).contains("#EXT-X-TARGETDURATION:" + expected + "\n"));
    }

    @Test
    void anEmptyPlaylistHasATargetDurationOfOne() {
        assertEquals(1, MediaPlaylist.targetDuration(List.of()));
    }

    @ParameterizedTest
    @CsvSource({"6.5 6.49 0.51", "1.5 2.5 3.5", "5.999 6.499 6.5001", "0.1"})
    void everyRenderedExtinfRoundsToAtMostTheTargetDuration(String durations) {
        List<String> lines = lines(MediaPlaylist.render(entries(durations), null, true));
        long target = lines.stream().filter(l -> l.startsWith("#EXT-X-TARGETDURATION:"))
                .mapToLong(l -> Long.parseLong(l.substring("#EXT-X-TARGETDURATION:".length())))
                .findFirst().orElseThrow();

        lines.stream().filter(l -> l.startsWith("#EXTINF:"))
                .mapToDouble(l -> Double.parseDouble(l.substring("#EXTINF:".length(), l.indexOf(','))))
                .forEach(d -> assertTrue(Math.round(d) <= target, d + " rounds above " + target));
    }

    private static List<MediaPlaylist.Entry> entries(String durations) {
        String[] values = durations.strip().split("\\s+");
        return Arrays.stream(values)
                .map(v -> new MediaPlaylist.Entry("segment_" + v + ".ts", Double.parseDouble(v)))
                .toList();
    }

    private static List<String> lines(String playlist) {
        return playlist.lines().toList();
    }

    @Test
    void aGrowingPlaylistAnnouncesTheSegmentLengthBeforeItsFirstSegment() {
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:3
                #EXT-X-TARGETDURATION:6
                #EXT-X-MEDIA-SEQUENCE:0
                #EXT-X-PLAYLIST-TYPE:EVENT
                #EXT-X-INDEPENDENT-SEGMENTS
                """, MediaPlaylist.render(List.of(), null, false, 6));
    }

    @Test
    void aLongerSegmentStillRaisesTheAnnouncedTargetDuration() {
        String playlist = MediaPlaylist.render(List.of(new MediaPlaylist.Entry("segment_00001.ts", 8.0)), null, false, 6);
        assertTrue(playlist.contains("#EXT-X-TARGETDURATION:8\n"), playlist);
        assertFalse(playlist.contains("#EXT-X-ENDLIST"), playlist);
    }
}
