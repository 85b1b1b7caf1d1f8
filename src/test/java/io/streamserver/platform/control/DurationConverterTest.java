package io.streamserver.platform.control;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class DurationConverterTest {

    @ParameterizedTest
    @CsvSource({"PT2H,7200", "P7D,604800", "3600,3600", " 5 ,5", "PT1.5S,1.5", "pt6h,21600"})
    void readsIso8601OrSeconds(String text, double seconds) {
        assertEquals(Duration.ofMillis((long) (seconds * 1000)), new DurationConverter().convert(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "6h", "-PT1S", "1.5", "P1M"})
    void refusesAnythingElse(String text) {
        assertThrows(IllegalArgumentException.class, () -> new DurationConverter().convert(text));
    }
}
