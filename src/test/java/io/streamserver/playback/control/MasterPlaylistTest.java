package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MasterPlaylistTest {

    @Test
    void eachRenditionIsAVariantWithItsMeasuredBandwidthsAndCodecs() {
        String master = MasterPlaylist.render(List.of(
                new MasterPlaylist.Variant("aac_high.m3u8", 270_000, 262_000, "mp4a.40.2", false),
                new MasterPlaylist.Variant("flac_hi_res.m3u8", 900_000, 850_000, "fLaC", true)));
        assertEquals("""
                #EXTM3U
                #EXT-X-VERSION:7
                #EXT-X-INDEPENDENT-SEGMENTS
                #EXT-X-STREAM-INF:BANDWIDTH=270000,AVERAGE-BANDWIDTH=262000,CODECS="mp4a.40.2"
                aac_high.m3u8
                #EXT-X-STREAM-INF:BANDWIDTH=900000,AVERAGE-BANDWIDTH=850000,CODECS="fLaC"
                flac_hi_res.m3u8
                """, master);
    }

    @Test
    void aLadderOfMpegTsOnlyNeedsVersion3() {
        String master = MasterPlaylist.render(List.of(new MasterPlaylist.Variant("low.m3u8", 1, 1, "mp4a.40.2", false)));
        assertEquals("#EXT-X-VERSION:3", master.lines().toList().get(1));
    }

    @Test
    void bandwidthIsThePeakSegmentBitRateAndAverageIsOverTheWhole() {
        List<MasterPlaylist.SegmentFile> files = List.of(
                new MasterPlaylist.SegmentFile(192_000, 6.0),   // 256 000 bit/s
                new MasterPlaylist.SegmentFile(100_000, 2.0));  // 400 000 bit/s
        assertEquals(400_000, MasterPlaylist.peakBandwidth(files));
        assertEquals(292_000, MasterPlaylist.averageBandwidth(files));
    }

    @Test
    void bitRatesRoundUp() {
        List<MasterPlaylist.SegmentFile> files = List.of(new MasterPlaylist.SegmentFile(1, 3.0));
        assertEquals(3, MasterPlaylist.peakBandwidth(files));
        assertEquals(3, MasterPlaylist.averageBandwidth(files));
    }
}
