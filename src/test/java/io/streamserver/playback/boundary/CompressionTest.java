package io.streamserver.playback.boundary;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CompressionTest {

    private static boolean accepts(String... headers) {
        return Compression.acceptsGzip(Collections.enumeration(List.of(headers)));
    }

    @Test
    void gzipIsTakenWhenListedWithAWeightAboveZero() {
        assertTrue(accepts("gzip, deflate, br"));
        assertTrue(accepts("br;q=1.0, GZIP;q=0.5"));
        assertTrue(accepts("identity", "gzip"));
        assertTrue(accepts("*"));
        assertTrue(accepts("x-gzip"));
    }

    @Test
    void gzipIsNotSentWhenAbsentOrRefused() {
        assertFalse(accepts());
        assertFalse(Compression.acceptsGzip(null));
        assertFalse(accepts("identity"));
        assertFalse(accepts("br, deflate"));
        assertFalse(accepts("gzip;q=0"));
        assertFalse(accepts("gzip;q=0.0, *"));
        assertFalse(accepts("*;q=0"));
    }

    @Test
    void gzipDecodesToTheSameBytes() throws IOException {
        byte[] text = "#EXTM3U\n#EXT-X-VERSION:3\n".repeat(50).getBytes(StandardCharsets.UTF_8);
        byte[] compressed = Compression.gzip(text);
        assertTrue(compressed.length < text.length);
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            assertArrayEquals(text, in.readAllBytes());
        }
    }
}
