package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentCacheTest {

    private static final Path FIRST = Path.of("/data/jobs/a/segment_00001.m4s");
    private static final Path SECOND = Path.of("/data/jobs/a/segment_00002.m4s");
    private static final Path THIRD = Path.of("/data/jobs/a/segment_00003.m4s");
    private static final Path FOURTH = Path.of("/data/jobs/a/segment_00004.m4s");
    private static final Path FIFTH = Path.of("/data/jobs/a/segment_00005.m4s");

    private static byte[] bytes(int length, int fill) {
        byte[] bytes = new byte[length];
        java.util.Arrays.fill(bytes, (byte) fill);
        return bytes;
    }

    @Test
    void servesWhatWasReadAtTheSameSizeAndModificationTime() {
        SegmentCache cache = new SegmentCache(1000);
        cache.put(FIRST, 42, bytes(100, 1));
        assertArrayEquals(bytes(100, 1), cache.get(FIRST, 100, 42));
        assertNull(cache.get(SECOND, 100, 42), "another file");
    }

    @Test
    void aRewrittenFileIsNotServedFromTheCache() {
        SegmentCache cache = new SegmentCache(1000);
        cache.put(FIRST, 42, bytes(100, 1));
        assertNull(cache.get(FIRST, 100, 43), "modified later, same size");
        assertNull(cache.get(FIRST, 101, 42), "another size, same time");
    }

    @Test
    void replacingAnEntryKeepsOnlyTheNewBytesAndTheirSize() {
        SegmentCache cache = new SegmentCache(1000);
        cache.put(FIRST, 42, bytes(100, 1));
        cache.put(FIRST, 43, bytes(200, 2));
        assertEquals(200, cache.usedBytes());
        assertNull(cache.get(FIRST, 100, 42));
        assertArrayEquals(bytes(200, 2), cache.get(FIRST, 200, 43));
    }

    @Test
    void beyondItsBoundTheLeastRecentlyUsedLeave() {
        SegmentCache cache = new SegmentCache(1000);
        cache.put(FIRST, 1, bytes(250, 1));
        cache.put(SECOND, 1, bytes(250, 2));
        cache.put(THIRD, 1, bytes(250, 3));
        cache.put(FOURTH, 1, bytes(250, 4));
        assertEquals(1000, cache.usedBytes(), "exactly full");
        assertNotNull(cache.get(FIRST, 250, 1), "used again, so now the most recent");

        cache.put(FIFTH, 1, bytes(250, 5));

        assertEquals(1000, cache.usedBytes());
        assertNull(cache.get(SECOND, 250, 1), "the least recently used left");
        assertNotNull(cache.get(FIRST, 250, 1));
        assertNotNull(cache.get(THIRD, 250, 1));
        assertNotNull(cache.get(FOURTH, 250, 1));
        assertNotNull(cache.get(FIFTH, 250, 1));
    }

    @Test
    void aFileOverAQuarterOfTheCacheIsNotKept() {
        SegmentCache cache = new SegmentCache(1000);
        assertTrue(cache.admits(250));
        assertFalse(cache.admits(251));
        cache.put(FIRST, 1, bytes(251, 1));
        assertNull(cache.get(FIRST, 251, 1));
        assertEquals(0, cache.usedBytes());
    }

    @Test
    void aFileTooBigForOneArrayIsNotKeptHoweverLargeTheCache() {
        SegmentCache cache = new SegmentCache(Long.MAX_VALUE);
        assertTrue(cache.admits(Integer.MAX_VALUE - 8));
        assertFalse(cache.admits(3L << 30));
    }

    @Test
    void sizeZeroTurnsTheCacheOff() {
        SegmentCache cache = new SegmentCache(0);
        assertFalse(cache.admits(1));
        cache.put(FIRST, 1, bytes(1, 1));
        assertNull(cache.get(FIRST, 1, 1));
    }

    @Test
    void aNegativeSizeIsRefused() {
        assertThrows(IllegalStateException.class, () -> new SegmentCache(-1));
    }
}
