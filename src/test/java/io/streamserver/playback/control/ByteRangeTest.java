package io.streamserver.playback.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ByteRangeTest {

    private static final long SIZE = 1000;

    @Test
    void aClosedRangeIsServedAsAsked() throws Exception {
        ByteRange range = ByteRange.parse("bytes=0-99", SIZE).orElseThrow();

        assertEquals(new ByteRange(0, 99), range);
        assertEquals(100, range.length());
        assertEquals("bytes 0-99/1000", range.contentRange(SIZE));
    }

    @Test
    void anOpenRangeRunsToTheLastByte() throws Exception {
        assertEquals(Optional.of(new ByteRange(100, 999)), ByteRange.parse("bytes=100-", SIZE));
    }

    @Test
    void aSuffixRangeIsTheLastBytes() throws Exception {
        ByteRange range = ByteRange.parse("bytes=-50", SIZE).orElseThrow();

        assertEquals(new ByteRange(950, 999), range);
        assertEquals(50, range.length());
    }

    @Test
    void aSuffixLongerThanTheFileIsTheWholeFile() throws Exception {
        assertEquals(Optional.of(new ByteRange(0, 999)), ByteRange.parse("bytes=-5000", SIZE));
    }

    @ParameterizedTest
    @CsvSource({"bytes=0-5000, 0, 999", "bytes=500-1000, 500, 999", "bytes=999-999, 999, 999"})
    void theLastByteIsClippedToTheEndOfTheFile(String header, long first, long last) throws Exception {
        assertEquals(Optional.of(new ByteRange(first, last)), ByteRange.parse(header, SIZE));
    }

    @Test
    void surroundingSpaceIsIgnored() throws Exception {
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.parse("  bytes=0-99 ", SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=1000-1100", "bytes=2000-3000", "bytes=-0"})
    void aRangeThatStartsBeyondTheEndIsUnsatisfiable(String header) {
        assertThrows(ByteRange.UnsatisfiableException.class, () -> ByteRange.parse(header, SIZE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-", "bytes=-1"})
    void anyRangeOfAnEmptyFileIsUnsatisfiable(String header) {
        assertThrows(ByteRange.UnsatisfiableException.class, () -> ByteRange.parse(header, 0));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=0-99,200-299", "bytes=0-99, 200-299", "bytes=-50,0-10"})
    void severalRangesAreServedAsTheWholeFile(String header) throws Exception {
        assertEquals(Optional.empty(), ByteRange.parse(header, SIZE));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "bytes=", "bytes=-", "bytes=abc", "bytes=1-a", "items=0-99", "0-99", "bytes=50-10", "bytes=100-99",
            "bytes=99999999999999999999-", "bytes=0--1"})
    void aMissingMalformedOrBackwardsHeaderIsIgnored(String header) throws Exception {
        assertEquals(Optional.empty(), ByteRange.parse(header, SIZE));
    }
}
