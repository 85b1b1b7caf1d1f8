package io.streamserver.jobs.control;

import io.streamserver.media.entity.InvalidParameterException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobCursorTest {

    private static final String ID = "550e8400-e29b-41d4-a716-446655440000";

    private static String base64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aCursorSurvivesItsTokenExactly() {
        JobCursor cursor = new JobCursor(Instant.parse("2026-11-29T10:15:30.123Z"), ID);

        String token = cursor.encode();

        assertEquals(cursor, JobCursor.decode(token));
        assertFalse(token.contains(ID), "the token is opaque");
        assertFalse(token.matches(".*[+/=].*"), "the token is URL-safe: " + token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "!!!", "not a cursor", "MTIzNDU2"})
    void aTokenThatIsNotACursorIsRefused(String token) {
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, () -> JobCursor.decode(token));
        assertEquals("cursor", refused.parameter());
    }

    @Test
    void aTamperedCursorIsRefused() {
        String token = new JobCursor(Instant.ofEpochMilli(1_700_000_000_000L), ID).encode();

        assertThrows(InvalidParameterException.class, () -> JobCursor.decode(base64("1700000000000:" + ID + "x")));
        assertThrows(InvalidParameterException.class, () -> JobCursor.decode(base64("-1:" + ID)));
        assertThrows(InvalidParameterException.class, () -> JobCursor.decode(base64("1700000000000:" + ID.toUpperCase())));
        assertThrows(InvalidParameterException.class, () -> JobCursor.decode(base64("1700000000000:' OR 1=1 --")));
        assertThrows(InvalidParameterException.class, () -> JobCursor.decode(token + "=="));
        assertThrows(InvalidParameterException.class, () -> JobCursor.decode(token.substring(0, token.length() - 1)));
    }
}
