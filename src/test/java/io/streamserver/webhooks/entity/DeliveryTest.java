package io.streamserver.webhooks.entity;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DeliveryTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofSeconds(60);
    private final Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofHours(24));

    private Delivery delivery() {
        return new Delivery("endpoint", "https://example.com/hook", EventType.COMPLETED, "job", "{}", T0, Duration.ofHours(24));
    }

    @Test
    void isDueAtOnceAndKeepsItsMessageIdThroughRetries() {
        Delivery delivery = delivery();
        String messageId = delivery.messageId();
        assertTrue(delivery.isDue(T0));
        long epoch = delivery.claim(T0, LEASE);
        assertFalse(delivery.isDue(T0.plusSeconds(1)), "a standing claim is not due");
        assertTrue(delivery.attemptFailed(epoch, 500, null, T0.plusSeconds(1), backoff, 0.5));
        assertEquals(DeliveryState.Pending, delivery.state());
        assertEquals(T0.plusSeconds(6), delivery.nextAttemptAt());
        long second = delivery.claim(T0.plusSeconds(6), LEASE);
        assertTrue(delivery.delivered(second, 204));
        assertEquals(DeliveryState.Delivered, delivery.state());
        assertEquals(2, delivery.attempts());
        assertEquals(messageId, delivery.messageId());
        assertNull(delivery.nextAttemptAt());
    }

    @Test
    void aClaimWhoseLeaseExpiredIsTakenOverAndItsLateResultIgnored() {
        Delivery delivery = delivery();
        long first = delivery.claim(T0, LEASE);
        assertTrue(delivery.isDue(T0.plus(LEASE)), "the dead server's claim expired");
        long second = delivery.claim(T0.plus(LEASE), LEASE);
        assertFalse(delivery.delivered(first, 200));
        assertEquals(DeliveryState.Sending, delivery.state());
        assertTrue(delivery.delivered(second, 200));
    }

    @Test
    void failsOnceTheNextAttemptWouldFallAfterTheRetryPeriod() {
        Delivery delivery = delivery();
        long epoch = delivery.claim(T0.plus(Duration.ofHours(24)).minusSeconds(2), LEASE);
        delivery.attemptFailed(epoch, null, "connection refused", T0.plus(Duration.ofHours(24)).minusSeconds(1), backoff, 0.5);
        assertEquals(DeliveryState.Failed, delivery.state());
        assertEquals("connection refused", delivery.lastError());
        assertFalse(delivery.isDue(T0.plus(Duration.ofDays(2))));
    }

    @Test
    void aRedeliveryQueuesItAgainButNotWhileItIsBeingSent() {
        Delivery delivery = delivery();
        long epoch = delivery.claim(T0, LEASE);
        assertThrows(IllegalStateException.class, () -> delivery.redeliver(T0.plusSeconds(1), Duration.ofHours(24)));
        delivery.delivered(epoch, 200);
        String messageId = delivery.messageId();
        delivery.redeliver(T0.plusSeconds(2), Duration.ofHours(24));
        assertEquals(DeliveryState.Pending, delivery.state());
        assertTrue(delivery.isDue(T0.plusSeconds(2)));
        assertEquals(messageId, delivery.messageId());
    }
}
