package io.streamserver.playback.control;

import io.streamserver.media.entity.Rendition;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DownloadsTest {

    @Test
    void theHighestRungIsTheBestProfileThenLosslessThenTheHigherBitrate() {
        assertEquals("flac_hi_res", highest("aac:low,opus:medium,flac:hi_res"));
        assertEquals("high", highest("low,high,medium"));
        assertEquals("flac_high", highest("aac:high,flac:high,opus:high"));
        assertEquals("aac_high", highest("opus:high,aac:high"), "AAC's high is 256k, Opus's 192k");
    }

    private static String highest(String ladder) {
        return Rendition.parseLadder(ladder, null).stream().max(Downloads.HIGHEST).orElseThrow().name();
    }

    @Test
    void theFileNameKeepsOnlyWhatAnySystemTakes() {
        assertEquals("My_Song-1.2", Downloads.fileName("My Song-1.2"));
        assertEquals("etc_passwd", Downloads.fileName("../../etc/passwd"));
        assertEquals("a_b_c", Downloads.fileName("a\"b\r\nc".replace("\r\n", "_")));
        assertEquals("x__y", Downloads.fileName("x\";y"));
        assertEquals("track", Downloads.fileName("..."));
        assertEquals("track", Downloads.fileName("日本"));
        assertEquals("track", Downloads.fileName(null));
        assertEquals(100, Downloads.fileName("a".repeat(300)).length());
    }
}
