package io.streamserver.media.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoudnessTest {

    @ParameterizedTest
    @ValueSource(strings = {"-31", "-23", "-16", "-14", "-5", " -18.5 "})
    void targetsFromMinus31ToMinus5LufsAreAccepted(String value) {
        assertEquals(Double.parseDouble(value.strip()), Loudness.parseTarget(value));
    }

    @Test
    void noTargetKeepsTheSourcesLoudness() {
        assertNull(Loudness.parseTarget(null));
        assertNull(Loudness.parseTarget(" "));
    }

    @ParameterizedTest
    @ValueSource(strings = {"-31.5", "-4", "0", "14", "loud", "NaN", "-Infinity"})
    void otherTargetsAreRefusedWithTheRange(String value) {
        InvalidParameterException refusal = assertThrows(InvalidParameterException.class, () -> Loudness.parseTarget(value));
        assertTrue(refusal.getMessage().startsWith("loudness_target: "), refusal.getMessage());
        assertTrue(refusal.getMessage().contains("-31 to -5"), refusal.getMessage());
    }

    @Test
    void silenceCannotBeASecondPassesMeasurement() {
        assertFalse(new Loudness(null, null, null, null, null).isMeasurable());
        assertTrue(new Loudness(-20.0, -3.0, 5.0, -30.0, 0.1).isMeasurable());
    }
}
