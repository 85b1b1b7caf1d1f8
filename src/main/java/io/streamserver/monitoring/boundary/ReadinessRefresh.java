package io.streamserver.monitoring.boundary;

import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.Startup;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.Readiness;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Works out the readiness checks once before the application takes requests, then every
 * stream.health-refresh-period (STREAM_HEALTH_REFRESH_PERIOD) on the container's scheduler, so that a DOWN shows
 * within that period and a probe costs nothing.
 */
@ApplicationScoped
public class ReadinessRefresh {

    private static final System.Logger LOG = System.getLogger(ReadinessRefresh.class.getName());

    @Resource(lookup = "java:comp/DefaultManagedScheduledExecutorService")
    ManagedScheduledExecutorService scheduler;

    @Inject
    @ConfigProperty(name = "stream.health-refresh-period")
    Duration period;

    /** Every readiness check that is refreshed here (database, ffmpeg, sandbox, disk space). */
    @Inject
    @Readiness
    Instance<RefreshedCheck> checks;

    private ScheduledFuture<?> task;

    void start(@Observes Startup startup) {
        long millis = Math.max(100, period.toMillis());
        refresh(millis);
        task = scheduler.scheduleWithFixedDelay(() -> refresh(millis), millis, millis, TimeUnit.MILLISECONDS);
    }

    private void refresh(long millis) {
        for (RefreshedCheck check : checks) {
            try {
                check.refresh(TimeUnit.MILLISECONDS.toNanos(millis));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "readiness check failed to run: {0}", e.toString());
            }
        }
    }

    @PreDestroy
    void stop() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
