package io.streamserver.transcoding.control;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SegmentReaderTest {

    @Test
    void timeoutAcceptsAnIsoDuration() {
        assertEquals(Duration.ofHours(2), SegmentReader.timeout("PT2H"));
        assertEquals(Duration.ofMinutes(90), SegmentReader.timeout("PT1H30M"));
    }

    @Test
    void timeoutAcceptsAPlainNumberOfSeconds() {
        assertEquals(Duration.ofSeconds(90), SegmentReader.timeout("90"));
    }

    @Test
    void timeoutIgnoresSurroundingSpace() {
        assertEquals(Duration.ofSeconds(90), SegmentReader.timeout(" 90\n"));
        assertEquals(Duration.ofHours(2), SegmentReader.timeout(" PT2H "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2h", "ninety", "90s", "-90", ""})
    void timeoutRefusesAnythingElse(String value) {
        assertThrows(DateTimeParseException.class, () -> SegmentReader.timeout(value));
    }
}
