package io.streamserver.security.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One token bucket per client for submissions: each client may submit a burst at once, then refills at a steady
 * rate per minute. Full buckets are forgotten, so the map holds only clients that submitted lately.
 */
@ApplicationScoped
public class RateLimiter {

    private static final int FORGET_ABOVE = 10_000;

    @Inject
    @ConfigProperty(name = "stream.rate-limit.per-minute")
    double perMinute;

    @Inject
    @ConfigProperty(name = "stream.rate-limit.burst")
    int burst;

    Clock clock = Clock.systemUTC();
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter() {
    }

    /** For unit tests. */
    RateLimiter(double perMinute, int burst, Clock clock) {
        this.perMinute = perMinute;
        this.burst = burst;
        this.clock = clock;
        check();
    }

    @PostConstruct
    void check() {
        if (perMinute <= 0 || burst < 1) {
            throw new IllegalStateException("STREAM_RATE_LIMIT_PER_MINUTE must be positive and STREAM_RATE_LIMIT_BURST at least 1");
        }
    }

    /** Takes one token for the client; empty if it may go ahead, else how long until the next token. */
    public Optional<Duration> acquire(String client) {
        long now = clock.millis();
        if (buckets.size() > FORGET_ABOVE) {
            buckets.values().removeIf(b -> b.full(now));
        }
        return buckets.computeIfAbsent(client, c -> new Bucket(burst, now)).take(now);
    }

    private final class Bucket {
        private double tokens;
        private long refilledAt;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.refilledAt = now;
        }

        synchronized Optional<Duration> take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Optional.empty();
            }
            double millisPerToken = 60_000 / perMinute;
            return Optional.of(Duration.ofMillis((long) Math.ceil((1 - tokens) * millisPerToken)));
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= burst;
        }

        private void refill(long now) {
            tokens = Math.min(burst, tokens + (now - refilledAt) * perMinute / 60_000);
            refilledAt = now;
        }
    }
}
