package io.streamserver.playback.boundary;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HlsServletTest {

    @ParameterizedTest
    @ValueSource(strings = {"segment_00001.ts", "segment_00012.m4s", "init.mp4", "high_00001.ts", "low_00003.ts",
            "aac_high_00001.ts", "flac_hi_res_00002.m4s", "opus_medium_init.mp4", "hi_res_init.mp4"})
    void everyFileTheEncoderProducesIsServed(String name) {
        assertTrue(HlsServlet.SEGMENT_NAME.matcher(name).matches(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"../index.m3u8", "ffmpeg.log", "ffmpeg-high.log", "encoder.m3u8", "segment_1.ts",
            "segment_00001.mp4", "ultra_00001.ts", "wav_high_00001.ts", ".loudness", "high.m3u8", "init.m4s"})
    void nothingElseIsASegment(String name) {
        assertFalse(HlsServlet.SEGMENT_NAME.matcher(name).matches(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"high.m3u8", "aac_low.m3u8", "flac_hi_res.m3u8"})
    void laddersHaveAPlaylistPerRendition(String name) {
        assertTrue(HlsServlet.RENDITION_PLAYLIST.matcher(name).matches(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"index.m3u8", "encoder.m3u8", "segment.m3u8", "high.m3u", "../high.m3u8"})
    void noOtherPlaylistIsARenditions(String name) {
        assertFalse(HlsServlet.RENDITION_PLAYLIST.matcher(name).matches(), name);
    }

    @ParameterizedTest
    @CsvSource({"segment_00001.ts,video/mp2t", "aac_high_00001.ts,video/mp2t", "segment_00001.m4s,audio/mp4",
            "init.mp4,audio/mp4", "flac_hi_res_init.mp4,audio/mp4"})
    void mpegTsIsVideoMp2tAndFragmentedMp4IsAudioMp4(String name, String mediaType) {
        assertEquals(mediaType, HlsServlet.mediaType(name));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "none", value = {
            "none, 'public, max-age=31536000, immutable'",
            "1000600.c2lnbmF0dXJl, 'public, max-age=600, immutable'",
            "999990.c2lnbmF0dXJl, 'public, max-age=0, immutable'",
            "99999999999.c2lnbmF0dXJl, 'public, max-age=31536000, immutable'"})
    void aCacheKeepsAFinishedFileAYearButNeverPastItsSignedUrlsExpiry(String token, String cacheControl) {
        assertEquals(cacheControl, HlsServlet.immutable(token, 1_000_000));
    }
}
