package io.streamserver.monitoring.boundary;

import io.streamserver.monitoring.control.JobStatistics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the job database answers a query. */
@Readiness
@ApplicationScoped
public class DatabaseCheck implements HealthCheck {

    @Inject
    JobStatistics statistics;

    @Override
    public HealthCheckResponse call() {
        try {
            return HealthCheckResponse.named("database").up().withData("jobs", statistics.total()).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("database").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
