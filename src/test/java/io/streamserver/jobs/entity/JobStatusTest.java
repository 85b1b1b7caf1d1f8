package io.streamserver.jobs.entity;

import io.streamserver.media.entity.InvalidParameterException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobStatusTest {

    @ParameterizedTest
    @CsvSource({"Pending,Pending", "processing,Processing", "COMPLETED,Completed", " Failed ,Failed", "cancelled,Cancelled"})
    void parsesTheApiSpellingInAnyCase(String text, JobStatus expected) {
        assertEquals(expected, JobStatus.parse("status", text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "done", "queued", "Complete"})
    void refusesAnythingElseNamingTheParameter(String text) {
        InvalidParameterException refused = assertThrows(InvalidParameterException.class, () -> JobStatus.parse("status", text));
        assertEquals("status", refused.parameter());
        assertTrue(refused.getMessage().contains("Pending, Processing, Completed, Failed, Cancelled"), refused.getMessage());
    }
}
