package io.streamserver.webhooks.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofHours(24));

    @Test
    void theFirstThreeRetriesComeWithinTwoMinutesEvenWithTheLongestJitter() {
        assertEquals(Duration.ofSeconds(5), backoff.nominalDelay(1));
        assertEquals(Duration.ofSeconds(20), backoff.nominalDelay(2));
        assertEquals(Duration.ofSeconds(60), backoff.nominalDelay(3));
        Duration longest = backoff.delay(1, 0.999).plus(backoff.delay(2, 0.999)).plus(backoff.delay(3, 0.999));
        assertTrue(longest.compareTo(Duration.ofMinutes(2)) < 0, longest.toString());
    }

    @Test
    void laterRetriesTripleUpToFourHours() {
        assertEquals(Duration.ofMinutes(3), backoff.nominalDelay(4));
        assertEquals(Duration.ofMinutes(9), backoff.nominalDelay(5));
        assertEquals(Duration.ofMinutes(27), backoff.nominalDelay(6));
        assertEquals(Duration.ofMinutes(81), backoff.nominalDelay(7));
        assertEquals(Duration.ofHours(4), backoff.nominalDelay(8));
        assertEquals(Duration.ofHours(4), backoff.nominalDelay(50));
    }

    @Test
    void jitterSpreadsEachDelayByAFifthEitherWay() {
        assertEquals(Duration.ofSeconds(48), backoff.delay(3, 0.0));
        assertEquals(Duration.ofSeconds(60), backoff.delay(3, 0.5));
        assertTrue(backoff.delay(3, 0.999).compareTo(Duration.ofSeconds(72)) < 0);
    }

    @Test
    void theBaseScalesTheWholeSchedule() {
        Backoff quick = new Backoff(Duration.ofMillis(200), Duration.ofHours(1));
        assertEquals(Duration.ofMillis(800), quick.nominalDelay(2));
    }

    @Test
    void thereIsNoRetryBeforeAFailure() {
        assertThrows(IllegalArgumentException.class, () -> backoff.nominalDelay(0));
        assertThrows(IllegalArgumentException.class, () -> new Backoff(Duration.ZERO, Duration.ofHours(1)));
    }
}
