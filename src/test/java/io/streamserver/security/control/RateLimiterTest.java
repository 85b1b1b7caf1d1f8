package io.streamserver.security.control;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RateLimiterTest {

    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-29T10:00:00Z");

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void aBurstGoesThroughThenTheClientWaits() {
        RateLimiter limiter = new RateLimiter(6, 3, clock);
        for (int i = 0; i < 3; i++) {
            assertEquals(Optional.empty(), limiter.acquire("alice"), "request " + (i + 1));
        }
        assertEquals(Optional.of(Duration.ofSeconds(10)), limiter.acquire("alice"), "6 per minute: one every 10 s");
    }

    @Test
    void tokensComeBackAtTheConfiguredRate() {
        RateLimiter limiter = new RateLimiter(6, 1, clock);
        assertEquals(Optional.empty(), limiter.acquire("alice"));
        clock.advance(Duration.ofSeconds(4));
        assertEquals(Optional.of(Duration.ofSeconds(6)), limiter.acquire("alice"));
        clock.advance(Duration.ofSeconds(6));
        assertEquals(Optional.empty(), limiter.acquire("alice"));
    }

    @Test
    void theBucketNeverHoldsMoreThanTheBurst() {
        RateLimiter limiter = new RateLimiter(60, 2, clock);
        clock.advance(Duration.ofHours(1));
        assertEquals(Optional.empty(), limiter.acquire("alice"));
        assertEquals(Optional.empty(), limiter.acquire("alice"));
        assertTrue(limiter.acquire("alice").isPresent());
    }

    @Test
    void eachClientHasItsOwnBucket() {
        RateLimiter limiter = new RateLimiter(1, 1, clock);
        assertEquals(Optional.empty(), limiter.acquire("alice"));
        assertTrue(limiter.acquire("alice").isPresent());
        assertEquals(Optional.empty(), limiter.acquire("bob"));
    }

    @Test
    void aLimitThatAllowsNothingIsAConfigurationError() {
        assertThrows(IllegalStateException.class, () -> new RateLimiter(0, 1, clock));
        assertThrows(IllegalStateException.class, () -> new RateLimiter(1, 0, clock));
    }
}
