package io.streamserver.monitoring.boundary;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

/**
 * A readiness check whose answer {@link ReadinessRefresh} works out at start and then in the background: /health is
 * open to anyone, so a probe only reads the last answer and never costs a process or a query. An answer that has not
 * been renewed for {@link #STALE_REFRESHES} refreshes (a check hung on its database) reads as DOWN.
 */
public abstract class RefreshedCheck implements HealthCheck {

    static final int STALE_REFRESHES = 3;

    private record Answer(HealthCheckResponse response, long at) {
    }

    private volatile Answer last;
    private volatile long staleNanos = Long.MAX_VALUE;

    /** The check's name in /health. */
    protected abstract String name();

    /** Works the answer out now; called off the request path. */
    protected abstract HealthCheckResponse check();

    public void refresh(long periodNanos) {
        HealthCheckResponse response;
        try {
            response = check();
        } catch (RuntimeException e) {
            response = HealthCheckResponse.named(name()).down().withData("error", String.valueOf(e.getMessage())).build();
        }
        staleNanos = STALE_REFRESHES * periodNanos;
        last = new Answer(response, System.nanoTime());
    }

    @Override
    public HealthCheckResponse call() {
        Answer answer = last;
        if (answer == null) {
            return HealthCheckResponse.named(name()).down().withData("error", "not checked yet").build();
        }
        long age = System.nanoTime() - answer.at();
        if (age > staleNanos) {
            return HealthCheckResponse.named(name()).down()
                    .withData("error", "no answer for " + age / 1_000_000_000L + " s").build();
        }
        return answer.response();
    }
}
