package io.streamserver.monitoring.boundary;

import jakarta.batch.runtime.BatchRuntime;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

import java.util.ServiceConfigurationError;

/**
 * Live while the batch runtime that runs every job answers; without it the server cannot recover by itself. Its
 * answer is kept for a second: asking the runtime queries its job repository, and a liveness probe polled hard
 * (the bench's 64 connections) spent a quarter of the server's CPU there.
 */
@Liveness
@ApplicationScoped
public class BatchRuntimeCheck implements HealthCheck {

    private static final long KEPT_NANOS = 1_000_000_000L;

    private record Answer(HealthCheckResponse response, long at) {
    }

    private volatile Answer last;

    @Override
    public HealthCheckResponse call() {
        Answer answer = last;
        if (answer == null || System.nanoTime() - answer.at() > KEPT_NANOS) {
            answer = new Answer(ask(), System.nanoTime());
            last = answer;
        }
        return answer.response();
    }

    private static HealthCheckResponse ask() {
        try {
            int instances = BatchRuntime.getJobOperator().getJobNames().size();
            return HealthCheckResponse.named("batch-runtime").up().withData("job_names", instances).build();
        } catch (RuntimeException | ServiceConfigurationError e) {
            return HealthCheckResponse.named("batch-runtime").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
