package io.streamserver.webhooks.entity;

import java.time.Duration;
import java.util.Objects;

/**
 * When a failed delivery is tried again: exponential with jitter, the first retries soon so that a receiver's brief
 * restart costs little (with a 5 s base: about 5 s, 20 s and 60 s, all three within two minutes), then further apart
 * (3 min, 9 min, 27 min, 81 min), then every {@link #MAX_FACTOR} bases (4 h with a 5 s base), until the retry period
 * has passed since the event.
 *
 * @param first    the delay before the first retry, the unit of the others
 * @param retryFor how long after the event it is still tried
 */
public record Backoff(Duration first, Duration retryFor) {

    /** The delays before the retries, in units of the first: the fourth and later triple, up to the cap. */
    private static final long[] FACTORS = {1, 4, 12};
    static final long MAX_FACTOR = 2880;
    /** Each delay is spread by up to this share either way, so that receivers that failed together are not all retried together. */
    static final double JITTER = 0.2;

    public Backoff {
        Objects.requireNonNull(first);
        Objects.requireNonNull(retryFor);
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("the first retry's delay is positive");
        }
    }

    /**
     * The delay after the given number of failed attempts (1 for the first retry), before jitter.
     */
    public Duration nominalDelay(int failedAttempts) {
        if (failedAttempts < 1) {
            throw new IllegalArgumentException("a retry follows at least one failed attempt");
        }
        long factor;
        if (failedAttempts <= FACTORS.length) {
            factor = FACTORS[failedAttempts - 1];
        } else {
            factor = FACTORS[FACTORS.length - 1];
            for (int i = FACTORS.length; i < failedAttempts && factor < MAX_FACTOR; i++) {
                factor *= 3;
            }
            factor = Math.min(factor, MAX_FACTOR);
        }
        return first.multipliedBy(factor);
    }

    /**
     * The delay with jitter.
     *
     * @param random a number in [0, 1), which spreads the delay over ±{@link #JITTER} of it
     */
    public Duration delay(int failedAttempts, double random) {
        Duration nominal = nominalDelay(failedAttempts);
        double spread = 1 + JITTER * (2 * random - 1);
        return Duration.ofMillis(Math.max(1, Math.round(nominal.toMillis() * spread)));
    }
}
