package io.streamserver.intake.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdempotentRequestTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration DAY = Duration.ofHours(24);
    private static final Duration LONGEST_IN_FLIGHT = Duration.ofMinutes(10);

    private static IdempotentRequest request() {
        return new IdempotentRequest("anonymous", "key-1", "f1", NOW, DAY);
    }

    @Test
    void aRequestBeginsInFlightAndKeepsItsAnswerOnce() {
        IdempotentRequest request = request();
        assertTrue(request.inFlight());
        request.answered("job-1", 200, "{\"job_id\":\"job-1\"}");
        assertFalse(request.inFlight());
        assertEquals("job-1", request.jobId());
        assertEquals(200, request.responseStatus());
        assertEquals("{\"job_id\":\"job-1\"}", request.responseBody());
        assertThrows(IllegalStateException.class, () -> request.answered("job-2", 200, "{}"), "the first answer stays");
    }

    @Test
    void onlyTheSameFingerprintIsARepeat() {
        assertTrue(request().sameRequestAs("f1"));
        assertFalse(request().sameRequestAs("f2"));
    }

    @Test
    void aKeyLapsesWhenItExpiresOrWhenItsRequestHasBeenInFlightFarTooLong() {
        IdempotentRequest answered = request();
        answered.answered("job-1", 200, "{}");
        assertFalse(answered.lapsed(NOW.plus(DAY).minusMillis(1), LONGEST_IN_FLIGHT));
        assertTrue(answered.lapsed(NOW.plus(DAY), LONGEST_IN_FLIGHT));

        IdempotentRequest inFlight = request();
        assertFalse(inFlight.lapsed(NOW.plus(LONGEST_IN_FLIGHT), LONGEST_IN_FLIGHT));
        assertTrue(inFlight.lapsed(NOW.plus(LONGEST_IN_FLIGHT).plusMillis(1), LONGEST_IN_FLIGHT),
                "its server died before answering");
    }

    @Test
    void aClientAndAPositiveLifetimeAreRequired() {
        assertThrows(IllegalArgumentException.class, () -> new IdempotentRequest("", "k", "f", NOW, DAY));
        assertThrows(IllegalArgumentException.class, () -> new IdempotentRequest("c".repeat(301), "k", "f", NOW, DAY));
        assertThrows(IllegalArgumentException.class, () -> new IdempotentRequest("c", "k", "f", NOW, Duration.ZERO));
    }
}
