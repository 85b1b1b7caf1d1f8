package io.streamserver.monitoring.boundary;

import io.streamserver.platform.control.Sandbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready while ffmpeg would run unconfined against the configuration (STREAM_SANDBOX); says the mode. */
@Readiness
@ApplicationScoped
public class SandboxCheck implements HealthCheck {

    @Inject
    Sandbox sandbox;

    @Override
    public HealthCheckResponse call() {
        String mode = sandbox.mode().name().toLowerCase(java.util.Locale.ROOT);
        return sandbox.problem()
                .map(problem -> HealthCheckResponse.named("sandbox").down().withData("mode", mode)
                        .withData("error", problem).build())
                .orElseGet(() -> HealthCheckResponse.named("sandbox").up().withData("mode", mode).build());
    }
}
