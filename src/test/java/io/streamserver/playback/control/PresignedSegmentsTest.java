package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PresignedSegmentsTest {

    private static String url(String fileName) {
        return "https://bucket.example/jobs/j/" + fileName + "?X-Amz-Signature=s";
    }

    @Test
    void segmentsAndTheInitSegmentPointAtTheBucket() {
        String playlist = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MAP:URI=\"init.mp4\"\n#EXTINF:6.0,\nsegment_00001.m4s\n"
                + "#EXTINF:2.5,\nsegment_00002.m4s\n#EXT-X-ENDLIST\n";
        assertEquals("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-MAP:URI=\"" + url("init.mp4") + "\"\n#EXTINF:6.0,\n"
                + url("segment_00001.m4s") + "\n#EXTINF:2.5,\n" + url("segment_00002.m4s") + "\n#EXT-X-ENDLIST\n",
                PresignedSegments.rewrite(playlist, PresignedSegmentsTest::url));
    }

    @Test
    void aMasterPlaylistsRenditionPlaylistsStayOnTheServer() {
        String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=200000,CODECS=\"mp4a.40.2\"\nhigh.m3u8\n";
        assertEquals(master, PresignedSegments.rewrite(master, PresignedSegmentsTest::url));
    }
}
