package io.streamserver.monitoring.boundary;

import io.streamserver.monitoring.control.JobStatistics;
import io.streamserver.platform.control.Transactions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the job database answers a query. */
@Readiness
@ApplicationScoped
public class DatabaseCheck extends RefreshedCheck {

    @Inject
    JobStatistics statistics;

    @Inject
    Transactions transactions;

    @Override
    protected String name() {
        return "database";
    }

    /** In a transaction of its own: on the scheduler's thread, EclipseLink's EntityManager is usable only inside one. */
    @Override
    protected HealthCheckResponse check() {
        return HealthCheckResponse.named(name()).up().withData("jobs", transactions.call(statistics::total)).build();
    }
}
