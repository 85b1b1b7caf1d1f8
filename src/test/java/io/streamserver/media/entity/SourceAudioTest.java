package io.streamserver.media.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SourceAudioTest {

    private static SourceAudio lasting(double seconds) {
        return new SourceAudio("wav", "pcm_s16le", seconds, 8_000, 1, 16);
    }

    @Test
    void aSourceUpToTheLimitIsAccepted() {
        assertDoesNotThrow(() -> lasting(5.0).checkNotLongerThan(Duration.ofSeconds(5)));
        assertDoesNotThrow(() -> lasting(3600).checkNotLongerThan(Duration.ofHours(6)));
    }

    @Test
    void aLongerSourceIsRefusedNamingTheFileAndTheSetting() {
        InvalidParameterException refused = assertThrows(InvalidParameterException.class,
                () -> lasting(5.5).checkNotLongerThan(Duration.ofSeconds(5)));

        assertEquals("file", refused.parameter());
        assertTrue(refused.getMessage().startsWith("file: lasts 5.5 s"), refused.getMessage());
        assertTrue(refused.getMessage().contains("STREAM_MAX_DURATION"), refused.getMessage());
    }
}
