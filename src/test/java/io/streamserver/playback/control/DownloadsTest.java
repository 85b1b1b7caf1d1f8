package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class DownloadsTest {

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
