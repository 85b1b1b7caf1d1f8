package io.streamserver.monitoring.boundary;

import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Live while the batch runtime that runs every job answers; without it the server cannot recover by itself. */
@Liveness
@ApplicationScoped
public class BatchRuntimeCheck implements HealthCheck {

    @Override
    public HealthCheckResponse call() {
        try {
            int instances = BatchRuntime.getJobOperator().getJobNames().size();
            return HealthCheckResponse.named("batch-runtime").up().withData("job_names", instances).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("batch-runtime").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
